using System.Globalization;
using System.Text;
using System.Text.Json;
using Vpp.Application.Telemetry;

namespace Vpp.Ingestion.Hosting;

/// <summary>
/// Reads the Functions host's custom-handler request (<c>{"Data":{...},"Metadata":{...}}</c>). The host JSON-encodes
/// strings, numbers and arrays as strings holding JSON text, so every value is unwrapped defensively.
/// </summary>
public static class InvocationPayload
{
    /// <summary>Turns an Event Hubs <c>cardinality: many</c> invocation into telemetry events with the device identity from system properties.</summary>
    public static IReadOnlyList<TelemetryEvent> ReadEventHubBatch(JsonElement root, string bindingName, DateTimeOffset now)
    {
        var data = Property(root, "Data");
        var metadata = Property(root, "Metadata");
        var bodies = Unwrap(Property(data, bindingName));
        if (bodies.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Data.{bindingName} is not an array of events.");
        }

        var system = Unwrap(Property(metadata, "SystemPropertiesArray"));
        var sequenceNumbers = Unwrap(Property(metadata, "SequenceNumberArray"));
        var enqueued = Unwrap(Property(metadata, "EnqueuedTimeUtcArray"));
        var partition = Property(Unwrap(Property(metadata, "PartitionContext")), "PartitionId") is { ValueKind: JsonValueKind.String } p ? p.GetString()! : "0";

        var events = new List<TelemetryEvent>(bodies.GetArrayLength());
        var index = 0;
        foreach (var body in bodies.EnumerateArray())
        {
            var props = Element(system, index);
            var bytes = body.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(body.GetString()!) : Encoding.UTF8.GetBytes(body.GetRawText());
            var deviceId = Property(props, "iothub-connection-device-id") is { ValueKind: JsonValueKind.String } d ? d.GetString() : null;
            var sequence = Element(sequenceNumbers, index) is { ValueKind: JsonValueKind.Number } s ? s.GetInt64() : Property(props, "SequenceNumber") is { ValueKind: JsonValueKind.Number } s2 ? s2.GetInt64() : index;
            var time = Element(enqueued, index) is { ValueKind: JsonValueKind.String } t
                ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                : now;
            events.Add(new TelemetryEvent(bytes, deviceId, partition, sequence, time));
            index++;
        }

        return events;
    }

    /// <summary>A value the host serialized as a string of JSON text is parsed back; anything else is returned as is.</summary>
    public static JsonElement Unwrap(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.TrimStart();
            if (text.StartsWith('[') || text.StartsWith('{') || text.StartsWith('"'))
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    return doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return value;
                }
            }
        }

        return value;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static JsonElement Element(JsonElement array, int index) =>
        array.ValueKind == JsonValueKind.Array && index < array.GetArrayLength() ? array[index] : default;
}
