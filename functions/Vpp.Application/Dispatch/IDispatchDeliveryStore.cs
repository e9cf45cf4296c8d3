namespace Vpp.Application.Dispatch;

/// <summary>Each event's minute-by-minute delivery (the live view, and the record of what the orchestration saw).</summary>
public interface IDispatchDeliveryStore
{
    /// <summary>Stores the minute, replacing one measured before for the same minute (a retried measurement).</summary>
    Task SaveAsync(DeliveryMinute minute, CancellationToken cancellationToken);

    /// <summary>The event's minutes, earliest first.</summary>
    Task<IReadOnlyList<DeliveryMinute>> ListAsync(string eventId, CancellationToken cancellationToken);
}
