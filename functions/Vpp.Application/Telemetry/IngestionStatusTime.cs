using Vpp.Domain.Fleet;

namespace Vpp.Application.Telemetry;

/// <summary>The time devices' online status is judged at now, from the stored progress (<see cref="IngestionWatermark"/>).</summary>
public static class IngestionStatusTime
{
    public static async Task<DateTimeOffset> StatusTimeAsync(this IIngestionProgressStore ingestion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        return IngestionWatermark.StatusTime(await ingestion.ListAsync(cancellationToken), now);
    }
}
