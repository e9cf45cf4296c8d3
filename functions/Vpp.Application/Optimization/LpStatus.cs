namespace Vpp.Application.Optimization;

public enum LpStatus
{
    Optimal,
    Infeasible,
    Unbounded,
    /// <summary>Stopped by the time limit or an iteration limit; the solution may be usable but is not proven optimal.</summary>
    Stopped,
    /// <summary>A mixed-integer search stopped by its limit with a solution that meets every constraint, not proven optimal.</summary>
    Feasible,
    Failed,
}
