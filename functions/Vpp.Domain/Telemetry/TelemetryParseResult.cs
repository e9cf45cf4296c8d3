namespace Vpp.Domain.Telemetry;

/// <summary>A parsed message, or why it could not be parsed.</summary>
public readonly record struct TelemetryParseResult(TelemetryMessage? Message, RejectionReason Reason, string? Detail)
{
    public bool Succeeded => Message is not null;

    public static TelemetryParseResult Ok(TelemetryMessage message) => new(message, RejectionReason.None, null);

    public static TelemetryParseResult Fail(RejectionReason reason, string detail) => new(null, reason, detail);
}
