using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vpp.Domain.Tests;

/// <summary>Test data builder for schema-1 telemetry bodies: valid by default, override what the test is about.</summary>
public sealed class TelemetryJson
{
    private readonly JsonObject body = new()
    {
        ["schemaVersion"] = 1,
        ["sequence"] = 1,
        ["timestamp"] = "2026-11-21T10:00:00Z",
        ["intervalSeconds"] = 60,
        ["powerKw"] = 1.5,
    };

    public static TelemetryJson Valid() => new();

    public TelemetryJson With(string name, JsonNode? value)
    {
        body[name] = value;
        return this;
    }

    public TelemetryJson Without(string name)
    {
        body.Remove(name);
        return this;
    }

    public TelemetryJson At(DateTimeOffset timestamp) => With("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public TelemetryJson Sequence(long sequence) => With("sequence", sequence);

    public byte[] Bytes() => Encoding.UTF8.GetBytes(body.ToJsonString());

    public override string ToString() => body.ToJsonString();
}
