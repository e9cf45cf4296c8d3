using Vpp.Domain.Fleet;

namespace Vpp.Application.Telemetry;

/// <summary>Where ingestion has got to now, from the stored progress: what devices' online status is judged at.</summary>
public static class IngestionWatermarkQuery
{
    public static async Task<IngestionWatermark> WatermarkAsync(this IIngestionProgressStore ingestion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        return IngestionWatermark.At(await ingestion.ListAsync(cancellationToken), now);
    }
}
