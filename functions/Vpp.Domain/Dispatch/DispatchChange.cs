namespace Vpp.Domain.Dispatch;

/// <summary>The event after a change, or why the change was refused (the event is then unchanged).</summary>
public sealed record DispatchChange(DispatchEvent? Event, string? Refusal)
{
    public static DispatchChange Done(DispatchEvent changed) => new(changed, null);

    public static DispatchChange Refused(string why) => new(null, why);
}
