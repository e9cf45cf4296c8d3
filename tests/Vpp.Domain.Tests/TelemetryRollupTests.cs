using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

public sealed class TelemetryRollupTests
{
    private static TelemetryMessage Message(long sequence, DateTimeOffset at, double powerKw, int intervalSeconds = 60, double? soc = null, double? solarKw = null)
    {
        var json = TelemetryJson.Valid().Sequence(sequence).At(at).With("powerKw", powerKw).With("intervalSeconds", intervalSeconds);
        if (soc is { } s)
        {
            json.With("stateOfChargePct", s);
        }

        if (solarKw is { } pv)
        {
            json.With("solarKw", pv);
        }

        return TelemetryParser.Parse(json.Bytes()).Message!;
    }

    [Fact]
    public void A_fifteen_minute_rollup_sums_energy_both_ways_and_tracks_state_range()
    {
        var start = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var ledger = new DeviceTelemetryLedger();
        // 15 one-minute readings: 5 min charging at 4.8 kW, 10 min discharging at 3 kW.
        for (var i = 0; i < 15; i++)
        {
            ledger.Count(Message(i, start.AddMinutes(i), i < 5 ? 4.8 : -3.0, soc: 50 + i));
        }

        var quarter = ledger.TouchedAsRollups().Single(r => r.Resolution == RollupResolution.FifteenMinutes);
        var minutes = ledger.TouchedAsRollups().Where(r => r.Resolution == RollupResolution.OneMinute).ToList();

        Assert.Equal(start, quarter.IntervalStart);
        Assert.Equal(4.8 * 5 / 60, quarter.EnergyImportedKwh, 9); // 0.4 kWh
        Assert.Equal(3.0 * 10 / 60, quarter.EnergyExportedKwh, 9); // 0.5 kWh
        Assert.Equal((0.4 - 0.5) * 4, quarter.MeanPowerKw, 9); // -0.4 kW over the quarter hour
        Assert.Equal(50, quarter.MinStateOfChargePct);
        Assert.Equal(64, quarter.MaxStateOfChargePct);
        Assert.Equal(15, quarter.SampleCount);
        Assert.Equal(15, minutes.Count);
    }

    [Fact]
    public void An_ev_chargers_rollup_counts_the_time_a_car_was_plugged_in()
    {
        var start = new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);
        var ledger = new DeviceTelemetryLedger();
        for (var i = 0; i < 15; i++)
        {
            var json = TelemetryJson.Valid().Sequence(i).At(start.AddMinutes(i)).With("deviceType", "ev-charger").With("powerKw", i >= 6 ? 7.2 : 0)
                .With("plugged", i >= 5).With("sessionEnergyKwh", 0.0);
            ledger.Count(TelemetryParser.Parse(json.Bytes()).Message!);
        }

        var quarter = ledger.TouchedAsRollups().Single(r => r.Resolution == RollupResolution.FifteenMinutes);

        Assert.Equal(600, quarter.PluggedSeconds); // plugged from minute 5
        Assert.Equal(quarter.PluggedSeconds, TelemetryRollup.FromValues(new RollupKey(RollupResolution.FifteenMinutes, start), quarter.ToValues()).PluggedSeconds);
    }

    [Fact]
    public void Interval_boundaries_are_utc_quarter_hours_even_across_a_dst_change()
    {
        // 2026-11-01 01:59:30 PDT is 08:59:30Z; one minute later it is 01:00:30 PST, 09:00:30Z.
        var before = new DateTimeOffset(2026, 11, 1, 1, 59, 30, TimeSpan.FromHours(-7));
        var after = before.AddMinutes(1);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 45, 0, TimeSpan.Zero), TelemetryRollup.IntervalStartOf(before, RollupResolution.FifteenMinutes));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), TelemetryRollup.IntervalStartOf(after, RollupResolution.FifteenMinutes));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), TelemetryRollup.IntervalStartOf(after, RollupResolution.OneMinute));
    }

    [Fact]
    public void A_replayed_or_reordered_stream_leaves_the_same_rollups()
    {
        var start = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var messages = Enumerable.Range(0, 90).Select(i => Message(i, start.AddMinutes(i), Math.Sin(i) * 4)).ToList();
        var once = new DeviceTelemetryLedger();
        messages.ForEach(m => once.Count(m));
        var messy = new DeviceTelemetryLedger();
        var shuffled = messages.Concat(messages.Take(40)).OrderBy(m => (m.Sequence * 7919) % 101).ToList();
        shuffled.ForEach(m => messy.Count(m));

        static IEnumerable<(DateTimeOffset, double, double, long)> Totals(DeviceTelemetryLedger l) =>
            l.TouchedAsRollups().OrderBy(r => (r.Resolution, r.IntervalStart)).Select(r => (r.IntervalStart, Math.Round(r.EnergyImportedKwh, 9), Math.Round(r.EnergyExportedKwh, 9), r.SampleCount));

        Assert.Equal(Totals(once), Totals(messy));
        Assert.Equal(messages[^1].Sequence, messy.Latest!.Value.Sequence);
    }

    [Fact]
    public void Real_pv_telemetry_rolls_up_to_the_energy_the_inverter_measured()
    {
        // NREL SERF East (PVDAQ system 50), 15-minute AC power in W, interval-start timestamps, July 2016.
        var series = SharedData.TimeSeries("pvdaq-pv-telemetry/serf_east_15min_ac_power.csv")
            .Where(p => p.Time >= new DateTimeOffset(2016, 7, 1, 0, 0, 0, TimeSpan.FromHours(-7)) && p.Time < new DateTimeOffset(2016, 7, 8, 0, 0, 0, TimeSpan.FromHours(-7)))
            .ToList();
        var ledger = new DeviceTelemetryLedger();
        var validator = new TelemetryValidator();
        var site = TestDevices.Battery(pvKw: 5.4);
        long sequence = 0;
        var rejected = 0;
        foreach (var (time, watts) in series)
        {
            var message = Message(sequence++, time, 0, 900, solarKw: watts / 1000);
            if (validator.Validate(message, site, time.AddMinutes(15)).Reason != RejectionReason.None)
            {
                rejected++;
                continue;
            }

            ledger.Count(message);
        }

        var expectedKwh = series.Sum(p => p.Value / 1000 * 0.25);
        var rolledUp = ledger.TouchedAsRollups().Where(r => r.Resolution == RollupResolution.FifteenMinutes).Sum(r => r.SolarEnergyKwh);

        Assert.Equal(0, rejected);
        Assert.Equal(7 * 96, series.Count);
        Assert.Equal(expectedKwh, rolledUp, 6);
        Assert.InRange(rolledUp / 7, 15, 40); // a 5 kW array in a Colorado July: 15-40 kWh a day
    }
}
