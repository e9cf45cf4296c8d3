namespace Vpp.Functions.Security;

/// <summary>
/// The time token lifetimes and key refreshes are judged by: always real time, even where the rest of the handler runs
/// on a simulated clock (the local runner's <c>--speed</c>), or a token minted a minute ago would be hours stale.
/// </summary>
public sealed class AuthenticationClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
