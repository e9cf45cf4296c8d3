using Vpp.Application.Programs;
using Vpp.Domain.Calendar;

namespace Vpp.Application.Scheduling;

/// <summary>Reads a program's stored plan for a local date and run, with the pushes of it and the device plans selected.</summary>
public sealed class ScheduleQueryService(IProgramStore programs, IScheduleStore schedules)
{
    public async Task<ScheduleLookup> FindAsync(string programId, DateOnly localDate, string run, DevicePlanSelection plans, CancellationToken cancellationToken)
    {
        if (!ScheduleRuns.IsKnown(run))
        {
            throw new ArgumentException($"'{run}' is not a schedule run", nameof(run));
        }

        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return new ScheduleLookup(ScheduleLookupOutcome.ProgramNotFound);
        }

        var date = ScheduleRuns.DateKey(localDate);
        if (await schedules.FindAsync(programId, date, run, cancellationToken) is not { } schedule)
        {
            return new ScheduleLookup(ScheduleLookupOutcome.ScheduleNotFound);
        }

        var zone = program.FindTimeZone();
        var pushes = (await schedules.ListPushesAsync(programId, LocalDays.StartUtc(localDate, zone), LocalDays.StartUtc(localDate.AddDays(1), zone), cancellationToken))
            .Where(p => p.Date == date && p.Run == run)
            .ToList();
        if (plans.DeviceId is { } deviceId)
        {
            return await schedules.FindDevicePlanAsync(programId, date, run, deviceId, cancellationToken) is { } plan
                ? new ScheduleLookup(ScheduleLookupOutcome.Found, schedule, pushes, [plan])
                : new ScheduleLookup(ScheduleLookupOutcome.DeviceHasNoPlan, schedule, pushes);
        }

        if (plans.Top == 0)
        {
            return new ScheduleLookup(ScheduleLookupOutcome.Found, schedule, pushes);
        }

        return await schedules.FindDevicePlansAsync(programId, date, run, plans.Continuation, plans.Top, cancellationToken) switch
        {
            { } page => new ScheduleLookup(ScheduleLookupOutcome.Found, schedule, pushes, page.Plans, page.Continuation),
            null when plans.Continuation is not null => new ScheduleLookup(ScheduleLookupOutcome.ContinuationGone, schedule, pushes),
            null => new ScheduleLookup(ScheduleLookupOutcome.NoDevicePlans, schedule, pushes),
        };
    }
}
