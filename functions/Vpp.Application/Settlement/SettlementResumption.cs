namespace Vpp.Application.Settlement;

/// <summary>A person resumed a held run, raised to its orchestration once the store records it: the held step is tried again.</summary>
public sealed record SettlementResumption(string By)
{
    public const string EventName = "SettlementResumption";
}
