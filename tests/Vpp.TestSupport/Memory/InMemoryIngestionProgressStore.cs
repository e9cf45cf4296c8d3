using System.Collections.Concurrent;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;

namespace Vpp.TestSupport.Memory;

/// <summary>Ingestion progress in memory, one record per partition as in the table store.</summary>
public sealed class InMemoryIngestionProgressStore : IIngestionProgressStore
{
    private readonly ConcurrentDictionary<string, IngestionProgress> partitions = new(StringComparer.Ordinal);

    /// <summary>How many records were written, to see the ingestion's pacing of them.</summary>
    public int Writes { get; private set; }

    public Task RecordAsync(IReadOnlyList<IngestionProgress> progress, CancellationToken cancellationToken)
    {
        foreach (var partition in progress)
        {
            partitions[partition.PartitionId] = partition;
            Writes++;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IngestionProgress>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IngestionProgress>>([.. partitions.Values]);
}
