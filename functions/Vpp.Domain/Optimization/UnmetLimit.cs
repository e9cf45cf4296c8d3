namespace Vpp.Domain.Optimization;

/// <summary>A limit a plan could not honour: whose, which, from which interval, by how much, and why.</summary>
public sealed record UnmetLimit(string Subject, string Limit, int FromInterval, double ShortBy, string Unit, string Reason)
{
    public override string ToString() =>
        FormattableString.Invariant($"{Subject}: {Limit} missed by {ShortBy:0.###} {Unit} from interval {FromInterval} ({Reason})");
}
