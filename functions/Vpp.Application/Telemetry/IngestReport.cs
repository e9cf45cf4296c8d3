using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>What one batch did: counted, recognised as duplicates, dead-lettered (by reason).</summary>
public sealed record IngestReport(int Received, int Counted, int Duplicates, IReadOnlyDictionary<RejectionReason, int> DeadLettered)
{
    public int DeadLetteredTotal => DeadLettered.Values.Sum();
}
