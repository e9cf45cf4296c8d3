namespace Vpp.Application.Dispatch;

/// <summary>What a batch of commands did: sent now, found sent already (a retry), and left out (not the step's).</summary>
public sealed record DispatchCommandResult(int Sent, int AlreadySent, int NotCommanded)
{
    public static DispatchCommandResult None { get; } = new(0, 0, 0);

    public DispatchCommandResult Plus(DispatchCommandResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Sent + other.Sent, AlreadySent + other.AlreadySent, NotCommanded + other.NotCommanded);
    }
}
