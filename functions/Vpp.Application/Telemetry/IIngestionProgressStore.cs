using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>Each Event Hub partition's ingestion progress (<see cref="IngestionProgress"/>), one record per partition.</summary>
public interface IIngestionProgressStore
{
    /// <summary>Replaces each given partition's progress.</summary>
    Task RecordAsync(IReadOnlyList<IngestionProgress> progress, CancellationToken cancellationToken);

    Task<IReadOnlyList<IngestionProgress>> ListAsync(CancellationToken cancellationToken);
}
