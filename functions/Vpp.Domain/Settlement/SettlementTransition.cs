namespace Vpp.Domain.Settlement;

/// <summary>
/// A move of a settlement run: to what, when, by whom, and why. A run that stays where it is records one too: a reminder
/// while it waits, a step that failed for good and holds it (<see cref="Held"/>) until someone resumes it, the resumption.
/// </summary>
public sealed record SettlementTransition(SettlementRunStatus To, DateTimeOffset AtUtc, string By, string Cause)
{
    /// <summary>The run's next step failed after its retries and waits here for a person to resume it.</summary>
    public bool Held { get; init; }
}
