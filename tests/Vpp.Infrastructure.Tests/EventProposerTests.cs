using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Dispatch;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Domain.Dispatch;
using Vpp.Infrastructure.Tables;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>Events proposed from tomorrow's forecast on Azurite: over the hours above the program's threshold, once a day.</summary>
public sealed class EventProposerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = Local(2026, 7, 13, 14, 5);

    /// <summary>Tomorrow's load in Los Angeles: 30 MW, rising to 52 MW at 18:00 and above 40 MW from 16:00 until 20:00.</summary>
    private static readonly double[] TomorrowMw = [30, 29, 28, 28, 28, 29, 31, 33, 34, 35, 36, 37, 38, 38, 39, 39, 41, 46, 52, 47, 43, 38, 34, 31];

    private async Task<(EventProposer Proposer, TableDispatchEventStore Events, VppProgram Program)> ProgramAsync(double? thresholdKw)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var programs = new TableProgramStore(tables);
        var program = new VppProgram(AzuriteFixture.UniqueName("prop"), "Summer", "America/Los_Angeles", 60, ProposeEventsAboveKw: thresholdKw);
        await programs.SaveAsync(program, CancellationToken.None);
        var forecasts = new TableForecastStore(tables);
        await forecasts.SaveAsync(program.ProgramId, [.. TomorrowMw.Select((mw, h) => new ForecastInterval(Local(2026, 7, 14, h, 0), 60, new QuantileForecast(mw * 900, mw * 1000, mw * 1100), null,
            new Dictionary<string, FlexibilityForecast>(), Now, "test", Now.AddDays(-7), Now, 30))], CancellationToken.None);
        var clock = new FakeTimeProvider(Now);
        var events = new TableDispatchEventStore(tables);
        return (new EventProposer(programs, forecasts, events, new DispatchEventService(programs, events, clock), clock), events, (await programs.FindAsync(program.ProgramId, CancellationToken.None))!);
    }

    [Fact]
    public async Task A_forecast_peak_above_the_threshold_proposes_a_reduction_over_the_hours_above_it_once()
    {
        var (proposer, events, program) = await ProgramAsync(thresholdKw: 40_000);

        var proposed = await proposer.ProposeAsync(program, CancellationToken.None);
        var again = await proposer.ProposeAsync(program, CancellationToken.None);
        var stored = await events.ListStartingAsync(program.ProgramId, Local(2026, 7, 14, 0, 0), Local(2026, 7, 15, 0, 0), CancellationToken.None);

        Assert.Equal(40_000, program.ProposeEventsAboveKw);
        Assert.NotNull(proposed);
        Assert.Equal(DispatchEventStatus.Proposed, proposed!.Status);
        Assert.Equal(Local(2026, 7, 14, 16, 0), proposed.StartUtc);
        Assert.Equal(Local(2026, 7, 14, 21, 0), proposed.EndUtc);
        Assert.Equal(12_000, proposed.TargetKw);
        Assert.Equal(DispatchNotice.DayAhead, proposed.Notice);
        Assert.Null(again);
        Assert.Equal(proposed.EventId, Assert.Single(stored).EventId);
    }

    [Fact]
    public async Task A_forecast_under_the_threshold_or_a_program_without_one_proposes_nothing()
    {
        var (high, _, highProgram) = await ProgramAsync(thresholdKw: 60_000);
        var (none, _, noneProgram) = await ProgramAsync(thresholdKw: null);

        Assert.Null(await high.ProposeAsync(highProgram, CancellationToken.None));
        Assert.Null(await none.ProposeAsync(noneProgram, CancellationToken.None));
    }
}
