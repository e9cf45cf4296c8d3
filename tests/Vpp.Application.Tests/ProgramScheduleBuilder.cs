using Vpp.Application.Programs;
using Vpp.Application.Scheduling;

namespace Vpp.Application.Tests;

/// <summary>A stored plan of a flat load over a day of quarter hours, not pushed unless said otherwise.</summary>
public sealed class ProgramScheduleBuilder(string programId, string localDate, DateTimeOffset startUtc)
{
    private string run = ScheduleRuns.Intraday;
    private string? pushedJobId;
    private double loadKw = 42;
    private double deviceBaselineKw = 21;

    public ProgramScheduleBuilder Run(string value)
    {
        run = value;
        return this;
    }

    public ProgramScheduleBuilder Pushed(string jobId)
    {
        pushedJobId = jobId;
        return this;
    }

    public ProgramScheduleBuilder Load(double kw)
    {
        loadKw = kw;
        return this;
    }

    /// <summary>What the planned devices would have drawn undispatched, as the plan modelled them.</summary>
    public ProgramScheduleBuilder DevicesUndispatched(double kw)
    {
        deviceBaselineKw = kw;
        return this;
    }

    public ProgramSchedule Build(int plannedDevices = 0)
    {
        var flat = Enumerable.Repeat(loadKw, 96).ToArray();
        return new ProgramSchedule(programId, localDate, run, startUtc, 15, ProgramObjectives.PeakShaving, "test", "lp", "Optimal",
            BaselinePeakKw: loadKw, PlannedPeakKw: loadKw, BaselineCost: null, PlannedCost: null, BaselineNetKw: flat, PlannedNetKw: flat, PlannedDevices: plannedDevices,
            SkippedDevices: 0, Cohorts: 1, InfeasibleDevices: 0, UnmetLimitCount: 0, UnmetLimits: [], InputsFromUtc: startUtc, InputsToUtc: startUtc,
            CreatedUtc: startUtc.AddSeconds(5), PushedJobId: pushedJobId, DeviceBaselineKw: [.. Enumerable.Repeat(deviceBaselineKw, 96)]);
    }
}
