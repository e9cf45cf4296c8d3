namespace Vpp.Domain.Telemetry;

/// <summary>A parsed message, or why it could not be parsed (then <see cref="Message"/> is the default and means nothing).</summary>
public readonly record struct TelemetryParseResult(TelemetryMessage Message, RejectionReason Reason, string? Detail)
{
    public bool Succeeded => Reason == RejectionReason.None;

    public static TelemetryParseResult Ok(in TelemetryMessage message) => new(message, RejectionReason.None, null);

    public static TelemetryParseResult Fail(RejectionReason reason, string detail) => new(default, reason, detail);
}
