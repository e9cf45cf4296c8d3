namespace Vpp.Application.Tests;

/// <summary>A clock that reads what the test sets (TimeProvider.Testing cannot be restored here).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
