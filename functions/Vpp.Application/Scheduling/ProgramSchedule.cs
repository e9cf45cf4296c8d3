using Vpp.Application.Optimization;

namespace Vpp.Application.Scheduling;

/// <summary>
/// A program's stored plan for one horizon (an intraday or a day-ahead run, see <see cref="ScheduleRuns"/>): the aggregate before and after (kW per interval), what it achieves
/// (peak, and energy cost when the horizon is priced: see <see cref="HorizonPrices"/>), how it was made (model version,
/// method, solver status, <see cref="PlanSearch"/>) and from which inputs, and the limits it could not meet. <see cref="DeviceBaselineKw"/> is what
/// the planned devices would have drawn undispatched, as the plan modelled them: beside their measured power it tells
/// what a pushed plan moved the program's load by. <see cref="OptedOutDevices"/> counts the planned devices an opt-out
/// held at their undispatched draw for some or all of the horizon.
/// </summary>
public sealed record ProgramSchedule(
    string ProgramId,
    string Date,
    string Run,
    DateTimeOffset StartUtc,
    int IntervalMinutes,
    string Objective,
    string ModelVersion,
    string Method,
    string SolverStatus,
    double BaselinePeakKw,
    double PlannedPeakKw,
    decimal? BaselineCost,
    decimal? PlannedCost,
    double[] BaselineNetKw,
    double[] PlannedNetKw,
    int PlannedDevices,
    int SkippedDevices,
    int Cohorts,
    int InfeasibleDevices,
    int UnmetLimitCount,
    IReadOnlyList<string> UnmetLimits,
    DateTimeOffset InputsFromUtc,
    DateTimeOffset InputsToUtc,
    DateTimeOffset CreatedUtc,
    string? PushedJobId,
    double[]? DeviceBaselineKw = null,
    int OptedOutDevices = 0,
    PlanSearch? Search = null);
