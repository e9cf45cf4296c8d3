using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>What one batch did: counted, recognised as duplicates, dead-lettered (by reason).</summary>
public sealed record IngestReport(int Received, int Counted, int Duplicates, IReadOnlyDictionary<RejectionReason, int> DeadLettered)
{
    /// <summary>Devices whose sequence counter was seen to start again (a reboot); their messages still counted.</summary>
    public int CounterResets { get; init; }

    public int DeadLetteredTotal => DeadLettered.Values.Sum();
}
