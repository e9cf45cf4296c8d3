namespace Vpp.Application.Telemetry;

public interface ILatestStateStore
{
    /// <summary>
    /// Records each device's newest reading with the partition it came from (callers pass only readings newer than what
    /// was stored).
    /// </summary>
    Task UpdateAsync(IReadOnlyList<IngestedReading> readings, CancellationToken cancellationToken);
}
