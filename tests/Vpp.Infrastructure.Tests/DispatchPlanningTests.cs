using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Dispatch;
using Vpp.Application.Optimization;
using Vpp.Application.Programs;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Weather;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Optimization;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>An event's plan on Azurite and CLP: forty water heaters shed an evening, and their releases are fitted after it.</summary>
public sealed class DispatchPlanningTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = Local(2026, 7, 14, 16, 30);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(90);

    [Fact]
    public async Task Tanks_held_through_an_evening_are_released_over_the_window_not_at_once_and_a_replan_fits_them_the_same()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var programs = new TableProgramStore(tables);
        var program = new VppProgram(AzuriteFixture.UniqueName("plan"), "Evening peaks", "America/Los_Angeles", 60);
        await programs.SaveAsync(program, CancellationToken.None);
        var fleet = new InMemoryFleetStore();
        foreach (var i in Enumerable.Range(0, 40))
        {
            var tank = TestDevices.WaterHeater($"wh-{i:00}") with { ProgramId = program.ProgramId };
            await fleet.SaveAsync(tank, CancellationToken.None);
            await fleet.UpdateAsync([(tank, new LatestReading(1, Now.AddMinutes(-1), 60, 0, null, 0.8, null, null, null, 52 + (i % 4), null, null))], CancellationToken.None);
        }

        var events = new InMemoryDispatchEventStore();
        var (reduction, errors) = DispatchEvent.Create("ev-tanks", program.ProgramId, DispatchEventKind.Reduce, Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 20, 0), null,
            [DeviceType.WaterHeater], null, DispatchNotice.Immediate, false, null, false, "created by pm-1", Now);
        Assert.Empty(errors);
        await events.AddAsync(reduction!, CancellationToken.None);
        var plans = new InMemoryDispatchPlanStore();
        var planning = new DispatchPlanning(programs, events, fleet, new TableDeviceHabitsStore(tables), new TableForecastStore(tables), new TableWeatherStore(tables), new TableOptOutStore(tables), plans,
            new FleetPlanner(new OrToolsSolver()), new FakeTimeProvider(Now));

        var plan = await planning.PlanAsync(program.ProgramId, "ev-tanks", Window, CancellationToken.None);
        var parts = await plans.ListAsync("ev-tanks", CancellationToken.None);
        var replan = await planning.PlanAsync(program.ProgramId, "ev-tanks", Window, CancellationToken.None);
        var replanned = await plans.ListAsync("ev-tanks", CancellationToken.None);
        var participants = parts.Where(a => a.Role == DispatchRole.Participant).ToList();

        Assert.True(plan.Participants >= 30, $"{plan.Participants} taking part, method {plan.Method}");
        Assert.All(participants, a => Assert.InRange(a.ReleaseAfter, TimeSpan.Zero, Window - TimeSpan.FromSeconds(1)));
        // Forty 4.5 kW elements reheating at once would be 180 kW against the tanks' few kW undispatched: they are spread.
        var slots = participants.GroupBy(a => (int)(a.ReleaseAfter / ReleaseSchedule.Slot)).ToList();
        Assert.True(slots.Count >= 6, string.Join(", ", slots.Select(s => $"{s.Key}: {s.Count()}")));
        Assert.True(slots.Max(s => s.Count()) <= participants.Count / 3, string.Join(", ", slots.Select(s => $"{s.Key}: {s.Count()}")));
        Assert.Equal(2, replan.Version);
        Assert.Equal(parts.Select(a => (a.DeviceId, a.ReleaseAfter)), replanned.Select(a => (a.DeviceId, a.ReleaseAfter)));

        // The shed command carries the fitted release, so a device is released then even if the restore never comes.
        var command = DispatchCommand.Build(reduction!, participants[0], DispatchStep.Shed, null)[DispatchCommand.TwinProperty]!;
        Assert.Equal(reduction!.EndUtc + participants[0].ReleaseAfter, DateTimeOffset.Parse(command["releaseUtc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Heat_pumps_of_a_program_too_new_for_a_forecast_plan_from_the_weather_feed_and_hold_a_warmer_setpoint()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var programs = new TableProgramStore(tables);
        var program = new VppProgram(AzuriteFixture.UniqueName("heat"), "Evening peaks", "America/Los_Angeles", 60);
        await programs.SaveAsync(program, CancellationToken.None);
        var weather = new TableWeatherStore(tables);
        // A hot afternoon and evening: 33 °C falling to 27 °C by nine.
        await weather.SaveAsync(program.ProgramId, new WeatherFeed("test provider", Now,
            [.. Enumerable.Range(0, 8).Select(h => new HourlyWeather(Local(2026, 7, 14, 14, 0).AddHours(h), 33 - Math.Max(0, h - 2)))]), CancellationToken.None);
        var fleet = new InMemoryFleetStore();
        foreach (var i in Enumerable.Range(0, 20))
        {
            var house = TestDevices.Thermostat($"th-{i:00}") with { ProgramId = program.ProgramId };
            await fleet.SaveAsync(house, CancellationToken.None);
            await fleet.UpdateAsync([(house, new LatestReading(1, Now.AddMinutes(-1), 60, i % 2 == 0 ? 3.5 : 0, null, 1.0, null, null, null, null, 24, 24))], CancellationToken.None);
        }

        var events = new InMemoryDispatchEventStore();
        var (reduction, _) = DispatchEvent.Create("ev-houses", program.ProgramId, DispatchEventKind.Reduce, Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 19, 0), null,
            [DeviceType.Thermostat], null, DispatchNotice.Immediate, false, null, false, "created by pm-1", Now);
        await events.AddAsync(reduction!, CancellationToken.None);
        var plans = new InMemoryDispatchPlanStore();
        var planning = new DispatchPlanning(programs, events, fleet, new TableDeviceHabitsStore(tables), new TableForecastStore(tables), weather, new TableOptOutStore(tables), plans,
            new FleetPlanner(new OrToolsSolver()), new FakeTimeProvider(Now));

        var plan = await planning.PlanAsync(program.ProgramId, "ev-houses", Window, CancellationToken.None);
        var parts = await plans.ListAsync("ev-houses", CancellationToken.None);

        Assert.True(plan.Participants >= 10, $"{plan.Participants} taking part, {plan.Reserves} in reserve, method {plan.Method}");
        Assert.True(plan.PlannedShedKw > 5, plan.PlannedShedKw.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Cooling (the weather is hotter than the 24 °C they hold): the event holds each house 2 °C warmer.
        Assert.All(parts.Where(a => a.Role == DispatchRole.Participant), a => Assert.Equal(26, a.SetpointC));
    }
}
