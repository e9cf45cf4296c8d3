using Vpp.Domain.Optimization;

namespace Vpp.Application.Optimization;

/// <summary>
/// A peak-shaving plan: the program's net load peak before and after, each device's plan, and every limit that could
/// not be met (with how much and why). <see cref="Method"/> says whether the LP produced it or the greedy fallback.
/// </summary>
public sealed record PeakShavingPlan(
    string Method,
    LpStatus SolverStatus,
    double BaselinePeakKw,
    double PlannedPeakKw,
    IReadOnlyList<DevicePlan> DevicePlans,
    IReadOnlyList<string> UnmetLimits,
    int InfeasibleDevices);
