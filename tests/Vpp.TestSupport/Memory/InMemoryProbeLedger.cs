using System.Collections.Concurrent;
using Vpp.Application.Diagnostics;

namespace Vpp.TestSupport.Memory;

/// <summary>Probe steps in memory: the first attempt records, every attempt counts.</summary>
public sealed class InMemoryProbeLedger : IProbeLedger
{
    private readonly ConcurrentDictionary<(string ProbeId, string Step), int> attempts = new();

    public Task<bool> RecordAsync(ProbeStep probeStep, CancellationToken cancellationToken) =>
        Task.FromResult(attempts.AddOrUpdate((probeStep.ProbeId, probeStep.Step), 1, (_, seen) => seen + 1) == 1);

    public Task<IReadOnlyDictionary<string, int>> StepsAsync(string probeId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(attempts.Where(a => a.Key.ProbeId == probeId).ToDictionary(a => a.Key.Step, a => a.Value, StringComparer.Ordinal));
}
