namespace Vpp.Domain.Dispatch;

/// <summary>
/// How an event's orchestration reads its clock. Durable timers fire on the wall clock; the local stack and its tests
/// may run the product's clock faster (an evening in minutes). The product's time is
/// <see cref="ProductOriginUtc"/> + (wall − <see cref="WallOriginUtc"/>) × <see cref="Speed"/>; in Azure both origins
/// coincide and the speed is 1 (<see cref="RealTime"/>), so wall and product time are the same.
/// </summary>
public sealed record DispatchTimeline(DateTimeOffset WallOriginUtc, DateTimeOffset ProductOriginUtc, double Speed)
{
    public static DispatchTimeline RealTime { get; } = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

    public DateTimeOffset ToProduct(DateTimeOffset wallUtc) => ProductOriginUtc + ((wallUtc - WallOriginUtc) * Speed);

    public DateTimeOffset ToWall(DateTimeOffset productUtc) => WallOriginUtc + ((productUtc - ProductOriginUtc) / Speed);
}
