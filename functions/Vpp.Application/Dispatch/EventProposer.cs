using System.Globalization;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Proposes a reduction for tomorrow when the program's forecast peak (P50) exceeds its threshold
/// (<see cref="VppProgram.ProposeEventsAboveKw"/>): over the hours above it around the peak (at most
/// <see cref="DispatchRules.MaxDuration"/>), for the peak's excess, of every device type, day-ahead. It stays proposed
/// until a manager confirms it; a day that already has an event (proposed, confirmed or cancelled) gets no other, so
/// the hourly forecast refresh proposes once. A proposal the program's rules refuse is not made.
/// </summary>
public sealed class EventProposer(IProgramStore programs, IForecastStore forecasts, IDispatchEventStore events, DispatchEventService service, TimeProvider clock)
{
    public const string ProposedBy = "the day-ahead forecast";

    public Task<ProgramSweepResult> ProposeAllAsync(CancellationToken cancellationToken) =>
        ProgramSweep.RunAsync(programs, (program, ct) => ProposeAsync(program, ct), cancellationToken);

    /// <summary>The proposal made for tomorrow; none when the forecast stays under the threshold, the day has an event, or the rules refuse it.</summary>
    public async Task<DispatchEvent?> ProposeAsync(VppProgram program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.ProposeEventsAboveKw is not { } thresholdKw)
        {
            return null;
        }

        var zone = program.FindTimeZone();
        var tomorrow = LocalDays.DateOf(clock.GetUtcNow(), zone).AddDays(1);
        var (fromUtc, toUtc) = (LocalDays.StartUtc(tomorrow, zone), LocalDays.StartUtc(tomorrow.AddDays(1), zone));
        var hours = (await forecasts.FindAsync(program.ProgramId, fromUtc, toUtc, cancellationToken)).Where(h => h.StartUtc >= fromUtc && h.StartUtc < toUtc).OrderBy(h => h.StartUtc).ToList();
        if (hours.Count == 0 || hours.Max(h => h.LoadKw.P50) <= thresholdKw || (await events.ListStartingAsync(program.ProgramId, fromUtc, toUtc, cancellationToken)).Count > 0)
        {
            return null;
        }

        var (first, last) = Window(hours, thresholdKw);
        var peak = hours.Max(h => h.LoadKw.P50);
        var request = new DispatchEventRequest(DispatchEventKind.Reduce, hours[first].StartUtc, hours[last].StartUtc + TimeSpan.FromMinutes(hours[last].IntervalMinutes),
            Math.Round(peak - thresholdKw, 1), Enum.GetValues<DeviceType>(), null, DispatchNotice.DayAhead, false,
            string.Create(CultureInfo.InvariantCulture, $"Forecast peak {peak:0} kW is above {thresholdKw:0} kW"), Proposed: true);
        var result = await service.CreateAsync(program.ProgramId, request, ProposedBy, cancellationToken);
        return result.Event;
    }

    /// <summary>The run of hours above the threshold around the peak, grown one hour at a time on its higher side, within the longest event.</summary>
    private static (int First, int Last) Window(List<ForecastInterval> hours, double thresholdKw)
    {
        var first = hours.IndexOf(hours.MaxBy(h => h.LoadKw.P50)!);
        var last = first;
        var longest = (int)(DispatchRules.MaxDuration / TimeSpan.FromMinutes(hours[first].IntervalMinutes));
        while (last - first + 1 < longest)
        {
            var before = first > 0 && hours[first - 1].LoadKw.P50 > thresholdKw ? hours[first - 1].LoadKw.P50 : double.NegativeInfinity;
            var after = last + 1 < hours.Count && hours[last + 1].LoadKw.P50 > thresholdKw ? hours[last + 1].LoadKw.P50 : double.NegativeInfinity;
            if (double.IsNegativeInfinity(before) && double.IsNegativeInfinity(after))
            {
                break;
            }

            (first, last) = before >= after ? (first - 1, last) : (first, last + 1);
        }

        return (first, last);
    }
}
