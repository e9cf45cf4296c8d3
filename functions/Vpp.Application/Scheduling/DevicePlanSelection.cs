namespace Vpp.Application.Scheduling;

/// <summary>Which of a schedule's device plans a reader wants with it: none, a page of them, or one device's.</summary>
public sealed record DevicePlanSelection
{
    private DevicePlanSelection(string? deviceId, int top, DevicePlanContinuation? continuation)
    {
        DeviceId = deviceId;
        Top = top;
        Continuation = continuation;
    }

    public static DevicePlanSelection None { get; } = new(null, 0, null);

    /// <summary>Set for one device's plan.</summary>
    public string? DeviceId { get; }

    /// <summary>Plans per page; zero when no page is wanted.</summary>
    public int Top { get; }

    public DevicePlanContinuation? Continuation { get; }

    public static DevicePlanSelection Page(int top, DevicePlanContinuation? continuation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        return new(null, top, continuation);
    }

    public static DevicePlanSelection Device(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        return new(deviceId, 0, null);
    }
}
