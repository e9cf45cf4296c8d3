namespace Vpp.Domain.Optimization;

/// <summary>How much of a charging session that runs past the planning horizon falls due by the horizon's end.</summary>
public enum EvNeedPastHorizon
{
    /// <summary>Its share pro rata to the hours inside: a rolling plan does not push every car's charging past its end.</summary>
    ProRata,

    /// <summary>
    /// Only what the car could not still take after the end at its charger's power: an event's plan defers charging
    /// past its last interval, and what the cars take back after it is the release schedule's.
    /// </summary>
    Unavoidable,
}
