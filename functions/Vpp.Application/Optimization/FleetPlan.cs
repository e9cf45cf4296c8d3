using Vpp.Domain.Optimization;

namespace Vpp.Application.Optimization;

/// <summary>
/// A plan for a program's flexible devices: the program's net load before and after, expected peak and energy cost,
/// each device's plan, and every limit that could not be met (with how much and why). <see cref="Method"/> says
/// whether the LP produced it or the greedy fallback; <see cref="InfeasibleDevices"/> counts device plans the
/// independent check rejected (it should always be zero); <see cref="Search"/> says how the solve went.
/// </summary>
public sealed record FleetPlan(
    string Objective,
    string Method,
    LpStatus SolverStatus,
    double[] BaselineNetKw,
    double[] PlannedNetKw,
    decimal? BaselineCost,
    decimal? PlannedCost,
    IReadOnlyList<DevicePlan> DevicePlans,
    IReadOnlyList<UnmetLimit> UnmetLimits,
    int InfeasibleDevices,
    int Cohorts,
    PlanSearch Search)
{
    public double BaselinePeakKw => BaselineNetKw.Max();

    public double PlannedPeakKw => PlannedNetKw.Max();
}
