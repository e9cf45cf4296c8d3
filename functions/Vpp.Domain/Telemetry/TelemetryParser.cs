using System.Globalization;
using System.Text.Json;

namespace Vpp.Domain.Telemetry;

/// <summary>
/// Reads schema-1 telemetry from UTF-8 JSON with a forward-only reader (no DOM): this is the hot path of ingestion.
/// Unknown properties are ignored so devices can add fields before the schema does.
/// </summary>
public static class TelemetryParser
{
    public const int CurrentSchemaVersion = 1;

    public static TelemetryParseResult Parse(ReadOnlySpan<byte> utf8Json) =>
        Parse(utf8Json, out var message, out var detail) is var reason && reason == RejectionReason.None
            ? TelemetryParseResult.Ok(message)
            : TelemetryParseResult.Fail(reason, detail!);

    /// <summary>
    /// Parses into <paramref name="message"/> in place (the batch path parses straight into its own array: a message is
    /// larger than a cache line, and copies add up at a million a second). <see cref="RejectionReason.None"/> when it
    /// parsed; otherwise the message means nothing and <paramref name="detail"/> says why.
    /// </summary>
    public static RejectionReason Parse(ReadOnlySpan<byte> utf8Json, out TelemetryMessage message, out string? detail)
    {
        message = default;
        int? schema = null, interval = null;
        long? sequence = null;
        DateTimeOffset? timestamp = null;
        double? power = null, solar = null, site = null, soc = null, session = null, tank = null, indoor = null, setpoint = null;
        bool? plugged = null;
        string? deviceType = null;

        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(RejectionReason.MalformedJson, "the message is not a JSON object", out detail);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (!reader.Read())
                {
                    break;
                }

                if (name.SequenceEqual("schemaVersion"u8)) { schema = Int(ref reader, "schemaVersion"); }
                else if (name.SequenceEqual("sequence"u8)) { sequence = Long(ref reader, "sequence"); }
                else if (name.SequenceEqual("timestamp"u8)) { timestamp = Time(ref reader); }
                else if (name.SequenceEqual("intervalSeconds"u8)) { interval = Int(ref reader, "intervalSeconds"); }
                else if (name.SequenceEqual("powerKw"u8)) { power = Number(ref reader, "powerKw"); }
                else if (name.SequenceEqual("solarKw"u8)) { solar = NullableNumber(ref reader, "solarKw"); }
                else if (name.SequenceEqual("siteNetKw"u8)) { site = NullableNumber(ref reader, "siteNetKw"); }
                else if (name.SequenceEqual("stateOfChargePct"u8)) { soc = NullableNumber(ref reader, "stateOfChargePct"); }
                else if (name.SequenceEqual("sessionEnergyKwh"u8)) { session = NullableNumber(ref reader, "sessionEnergyKwh"); }
                else if (name.SequenceEqual("tankTemperatureC"u8)) { tank = NullableNumber(ref reader, "tankTemperatureC"); }
                else if (name.SequenceEqual("indoorTemperatureC"u8)) { indoor = NullableNumber(ref reader, "indoorTemperatureC"); }
                else if (name.SequenceEqual("setpointC"u8)) { setpoint = NullableNumber(ref reader, "setpointC"); }
                else if (name.SequenceEqual("plugged"u8)) { plugged = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean(); }
                else if (name.SequenceEqual("deviceType"u8)) { deviceType = DeviceTypeName(ref reader); }
                else { reader.Skip(); }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Fail(RejectionReason.MalformedJson, "the JSON object is not closed, or text follows it", out detail);
            }
        }
        catch (JsonException ex)
        {
            return Fail(RejectionReason.MalformedJson, ex.Message, out detail);
        }
        catch (InvalidOperationException ex)
        {
            return Fail(RejectionReason.MalformedJson, ex.Message, out detail);
        }
        catch (FieldTypeException ex)
        {
            return Fail(RejectionReason.InvalidField, ex.Message, out detail);
        }

        if (schema is null)
        {
            return Fail(RejectionReason.MissingField, "schemaVersion is required", out detail);
        }

        if (schema != CurrentSchemaVersion)
        {
            return Fail(RejectionReason.UnsupportedSchemaVersion, $"schemaVersion {schema} is not supported (supported: {CurrentSchemaVersion})", out detail);
        }

        var missing = sequence is null ? "sequence" : timestamp is null ? "timestamp" : interval is null ? "intervalSeconds" : power is null ? "powerKw" : null;
        if (missing is not null)
        {
            return Fail(RejectionReason.MissingField, $"{missing} is required", out detail);
        }

        detail = null;
        message = new TelemetryMessage
        {
            SchemaVersion = schema.Value,
            Sequence = sequence!.Value,
            Timestamp = timestamp!.Value,
            IntervalSeconds = interval!.Value,
            PowerKw = power!.Value,
            SolarKw = solar,
            SiteNetKw = site,
            StateOfChargePct = soc,
            Plugged = plugged,
            SessionEnergyKwh = session,
            TankTemperatureC = tank,
            IndoorTemperatureC = indoor,
            SetpointC = setpoint,
            DeviceType = deviceType,
        };
        return RejectionReason.None;
    }

    private static RejectionReason Fail(RejectionReason reason, string why, out string? detail)
    {
        detail = why;
        return reason;
    }

    /// <summary>The known names without allocating a string each time; anything else is kept as sent.</summary>
    private static string? DeviceTypeName(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.ValueTextEquals("battery"u8) ? "battery"
        : reader.ValueTextEquals("ev-charger"u8) ? "ev-charger"
        : reader.ValueTextEquals("water-heater"u8) ? "water-heater"
        : reader.ValueTextEquals("thermostat"u8) ? "thermostat"
        : reader.GetString();

    private static int Int(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new FieldTypeException($"{field} must be an integer");

    private static long Long(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new FieldTypeException($"{field} must be an integer");

    private static double Number(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new FieldTypeException($"{field} must be a finite number");

    private static double? NullableNumber(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : Number(ref reader, field);

    private static DateTimeOffset Time(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FieldTypeException("timestamp must be an ISO-8601 string with an offset");
        }

        // An instant needs an explicit offset ('Z' or ±hh:mm); local times are ambiguous around DST.
        if (reader.TryGetDateTimeOffset(out var value) && HasOffset(reader.ValueSpan))
        {
            return value;
        }

        var text = reader.GetString();
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value) && HasOffset(reader.ValueSpan))
        {
            return value;
        }

        throw new FieldTypeException("timestamp must be an ISO-8601 string with an offset");
    }

    private static bool HasOffset(ReadOnlySpan<byte> text) =>
        text.Length > 0 && (text[^1] is (byte)'Z' or (byte)'z' || (text.Length > 6 && text[^3] == (byte)':' && text[^6] is (byte)'+' or (byte)'-'));

    private sealed class FieldTypeException(string message) : Exception(message);
}
