namespace Vpp.Application.Diagnostics;

/// <summary>Where probes record their steps: once per probe and step (the key is the idempotency key), with a count of attempts.</summary>
public interface IProbeLedger
{
    /// <summary>Records the step and counts the attempt; true when this attempt was the one that recorded it.</summary>
    Task<bool> RecordAsync(ProbeStep probeStep, CancellationToken cancellationToken);

    /// <summary>Steps recorded for the probe, with how many attempts each saw.</summary>
    Task<IReadOnlyDictionary<string, int>> StepsAsync(string probeId, CancellationToken cancellationToken);
}
