using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Domain.Devices;
using Vpp.Domain.Settlement;
using Vpp.Functions.Security;
using Vpp.TestSupport.Faults;
using static Microsoft.Playwright.Assertions;

namespace Vpp.Portal.Tests;

/// <summary>The portal in a real browser against the local stack: what a program manager sees and does, and what a stranger cannot.</summary>
public sealed partial class PortalTests(LocalPortal stack) : IClassFixture<LocalPortal>
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public async Task A_program_manager_signed_in_by_the_local_link_watches_the_simulated_fleet_come_online()
    {
        var page = await stack.SignedInAsync(Roles.ProgramManager);

        await Expect(page.GetByTestId("tile-online")).ToHaveTextAsync($"{LocalPortal.Devices} / {LocalPortal.Devices}", new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("who")).ToContainTextAsync("portal-program-manager (program-manager) · program demo");
        await Expect(page.GetByTestId("fleet-by-type")).ToContainTextAsync("Can shed");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fleet_view_draws_the_programs_load_forecast_and_names_its_peak_in_program_time()
    {
        var programId = await ProgramAsync();
        var now = stack.Runner.Clock.GetUtcNow();
        var nextHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        var peak = nextHour.AddHours(20);
        await stack.Runner.Services.GetRequiredService<IForecastStore>().SaveAsync(programId, [.. Enumerable.Range(0, 47).Select(h =>
        {
            var p50 = nextHour.AddHours(h) == peak ? 40 : 10 + (h % 5);
            return new ForecastInterval(nextHour.AddHours(h), 60, new QuantileForecast(p50 - 2, p50, p50 + 3), null, new Dictionary<string, FlexibilityForecast>(), now, "test-model/1", now.AddDays(-7), now, 12);
        })], CancellationToken.None);
        var page = await stack.SignedInAsync(Roles.ProgramManager, programId: programId);

        await Expect(page.GetByTestId("forecast-peak")).ToHaveTextAsync(
            $"Peak (P50) 40.0 kW at {TimeZoneInfo.ConvertTime(peak, Pacific):yyyy-MM-dd HH:mm} program time; P90 43.0 kW.");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Homes' load forecast: P50 (line) within P10–P90 (band), and rooftop solar P50, hour by hour" })).ToBeVisibleAsync();
        await Expect(page.GetByText("model test-model/1")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tile-online")).ToHaveTextAsync("0 / 0");
    }

    [Fact]
    public async Task A_program_manager_creates_an_event_follows_it_and_cancels_it()
    {
        var page = await stack.SignedInAsync(Roles.ProgramManager, "events");
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(stack.Runner.Clock.GetUtcNow(), Pacific).DateTime).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var form = page.GetByTestId("new-event");
        await form.Locator("input[name=start]").FillAsync($"{day}T17:00");
        await form.Locator("input[name=end]").FillAsync($"{day}T19:00");
        await form.Locator("input[name=targetKw]").FillAsync("6");
        await form.Locator("input[name=test]").CheckAsync();
        await form.Locator("input[name=message]").FillAsync("Evening peak: thank you for helping");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create event" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(EventRoute());
        var eventId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Expect(page.Locator("h2").GetByTestId("status")).ToHaveTextAsync("scheduled");
        await Expect(page.Locator("dl")).ToContainTextAsync($"{day} 17:00 – {day} 19:00");
        await Expect(page.Locator("dl")).ToContainTextAsync("6.0 kW");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("created by portal-program-manager");
        await Expect(page.GetByTestId("no-delivery")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel event" }).ClickAsync();

        await Expect(page.Locator("h2").GetByTestId("status")).ToHaveTextAsync("cancelled");
        Assert.Equal("cancelled", (await ReadAsync($"api/programs/demo/events/{eventId}")).GetProperty("status").GetString());
        await page.GotoAsync($"{stack.Portal}#/events");
        await Expect(page.GetByTestId("events").Locator("tr", new() { HasText = eventId })).ToContainTextAsync("cancelled");
    }

    [Fact]
    public async Task A_program_manager_watches_an_immediate_events_delivery_against_target_and_cancels_it_under_way()
    {
        var page = await stack.SignedInAsync(Roles.ProgramManager, "events");
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        // Three minutes of the stack's clock ahead (six seconds at its speed), for half an hour.
        var start = TimeZoneInfo.ConvertTime(stack.Runner.Clock.GetUtcNow(), Pacific).AddMinutes(3);

        var form = page.GetByTestId("new-event");
        await form.Locator("input[name=start]").FillAsync(start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await form.Locator("input[name=end]").FillAsync(start.AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await form.Locator("select[name=notice]").SelectOptionAsync("immediate");
        await form.Locator("input[name=test]").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create event" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EventRoute());

        await Expect(page.GetByTestId("delivery")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Delivered kW (solid) against target kW (dashed), minute by minute" })).ToBeVisibleAsync();
        await Expect(page.Locator("h2").GetByTestId("status")).ToHaveTextAsync("active");
        await Expect(page.Locator("dl")).ToContainTextAsync("Plan");
        // How the planner's solve went, so a plan its time limit cut short is told apart.
        await Expect(page.Locator("dl")).ToContainTextAsync(PlanSolve());
        // Each minute says how many of the commanded devices it counted and how often they report.
        await Expect(page.GetByTestId("delivery").Locator("tbody tr").First.Locator("td").Nth(5)).ToHaveTextAsync(ReportingOfCommanded());

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel event" }).ClickAsync();

        await Expect(page.Locator("h2").GetByTestId("status")).ToHaveTextAsync(Restored());
        await Expect(page.GetByTestId("history")).ToContainTextAsync("cancelled by portal-program-manager");
    }

    [Fact]
    public async Task A_proposed_event_is_pointed_out_and_a_program_manager_confirms_it()
    {
        var programId = await ProgramAsync();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(stack.Runner.Clock.GetUtcNow(), Pacific).DateTime).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var http = Api();
        using var posted = await http.PostAsJsonAsync($"api/programs/{programId}/events", new
        {
            kind = "reduce",
            start = $"{day}T18:00",
            end = $"{day}T20:00",
            targetKw = 25,
            deviceTypes = new[] { "battery" },
            notice = "day-ahead",
            proposed = true,
        });
        var eventId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetString()!;
        var page = await stack.SignedInAsync(Roles.ProgramManager, programId: programId);
        await page.GetByRole(AriaRole.Link, new() { Name = "Events" }).ClickAsync();

        await Expect(page.GetByTestId("proposed")).ToHaveTextAsync("1 proposed event awaits a manager's confirmation.");
        await page.GetByRole(AriaRole.Link, new() { Name = eventId }).ClickAsync();
        await Expect(page.Locator("h2").GetByTestId("status")).ToHaveTextAsync("proposed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(page.Locator("h2").GetByTestId("status")).ToHaveTextAsync("scheduled");
        Assert.Equal("scheduled", (await ReadAsync($"api/programs/{programId}/events/{eventId}")).GetProperty("status").GetString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Events" }).ClickAsync();
        await Expect(page.GetByTestId("events")).ToContainTextAsync(eventId);
        await Expect(page.GetByTestId("proposed")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_refused_event_shows_the_field_at_fault_and_creates_nothing()
    {
        var page = await stack.SignedInAsync(Roles.ProgramManager, "events");
        var before = (await ReadAsync("api/programs/demo/events")).GetProperty("events").GetArrayLength();
        var form = page.GetByTestId("new-event");
        await form.Locator("input[name=start]").FillAsync("2030-01-07T17:00");
        await form.Locator("input[name=end]").FillAsync("2030-01-07T19:00");
        foreach (var type in await form.Locator("input[name=deviceTypes]").AllAsync())
        {
            await type.UncheckAsync();
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "Create event" }).ClickAsync();

        await Expect(form.GetByTestId("error")).ToContainTextAsync("deviceTypes: at least one of battery");
        Assert.Equal(before, (await ReadAsync("api/programs/demo/events")).GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_program_manager_starts_a_months_settlement_and_approves_its_draft()
    {
        var page = await stack.SignedInAsync(Roles.ProgramManager, "settlements");

        var run = await LastMonthDraftAsync(page);
        await run.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(run.GetByTestId("run-totals")).ToContainTextAsync("yes");
        await Expect(run.GetByTestId("run-history")).ToContainTextAsync("portal-program-manager");
    }

    [Fact]
    public async Task A_program_manager_reviews_a_drafts_statements_customer_by_customer_before_deciding()
    {
        var programId = await ProgramAsync(3);
        var run = await LastMonthDraftAsync(await ProgramPageAsync(programId));
        await run.GetByTestId("statements-panel").Locator("summary").ClickAsync();

        var statements = run.GetByTestId("statements");
        await Expect(statements.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(run.GetByTestId("statements-page")).ToHaveTextAsync("page 1 of 1");
        await statements.GetByRole(AriaRole.Button, new() { Name = $"{programId}-cust-1" }).ClickAsync();
        await Expect(run.GetByTestId("statement-of")).ToContainTextAsync($"{programId}-cust-1: $");
        await Expect(run.GetByTestId("statement-lines").First).ToContainTextAsync("kW");
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("draft");
    }

    [Fact]
    public async Task A_program_manager_sees_why_an_approved_run_is_held_and_resumes_it()
    {
        var programId = await ProgramAsync(2);
        var run = await LastMonthDraftAsync(await ProgramPageAsync(programId));

        stack.RunStoreFaults.Fails = SettlementRunStoreFaults.ReadingEveryLine(programId, SettlementRunStatus.PaidOut);
        try
        {
            await run.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Expect(run.GetByTestId("run-held")).ToContainTextAsync("held: ExportSettlement failed after its retries", new() { Timeout = 90_000 });
        }
        finally
        {
            stack.RunStoreFaults.Fails = null;
        }

        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("paid-out");
        await run.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(run.GetByTestId("run-held")).ToHaveCountAsync(0);
        await Expect(run.GetByTestId("run-history")).ToContainTextAsync("resumed: the held step runs again");
    }

    [Fact]
    public async Task A_stranger_gets_the_sign_in_and_a_forged_token_is_refused_by_the_api()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync($"{stack.Portal}#/fleet");

        await Expect(page.GetByTestId("sign-in")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tile-online")).ToHaveCountAsync(0);

        // Signed by someone else's key: the API refuses it, and the portal asks for a sign-in again.
        var forged = Vpp.LocalHost.Hosting.LocalSecrets.Generate().MintToken(Roles.ProgramManager, "intruder", TimeSpan.FromHours(1));
        await page.GetByLabel("Token").FillAsync(forged);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByTestId("sign-in")).ToContainTextAsync("refused: sign in again");
        await Expect(page.GetByTestId("tile-online")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_customer_signed_in_to_the_portal_is_refused_the_program_views()
    {
        var page = await stack.SignedInAsync(Roles.Customer);

        await Expect(page.GetByTestId("error")).ToHaveCountAsync(2); // the fleet now and its forecast
        await Expect(page.GetByTestId("error").First).ToContainTextAsync("Your role may not do this");
        await Expect(page.GetByTestId("tile-online")).ToHaveCountAsync(0);
    }

    /// <summary>A program of its own (the demo's devices enrolled today), with settlement terms and customers enrolled since January.</summary>
    private async Task<string> ProgramAsync(int customers = 0)
    {
        var programId = $"review-{Guid.NewGuid():N}"[..15];
        using var http = Api();
        (await http.PutAsJsonAsync($"api/programs/{programId}", new { name = "Review", timeZone = "America/Los_Angeles" })).EnsureSuccessStatusCode();
        var registry = stack.Runner.Services.GetRequiredService<IDeviceRegistry>();
        for (var c = 1; c <= customers; c++)
        {
            await registry.SaveAsync(new DeviceRegistration($"{programId}-wh-{c}", programId, DeviceType.WaterHeater, new DeviceRatings { MaxImportKw = 4.5 }, $"{programId}-cust-{c}",
                EnrolledOn: new DateOnly(2026, 1, 1)), CancellationToken.None);
        }

        // Terms last: from then on the settlement timer may start last month's run, which finds every customer enrolled.
        (await http.PutAsJsonAsync($"api/programs/{programId}/settlement-terms/2026-01-01", new { capacityRatePerKwMonth = 10, energyRatePerKwh = 1, minimumPayout = 5 })).EnsureSuccessStatusCode();
        return programId;
    }

    /// <summary>The program's view, signed in as its manager, on its settlement runs.</summary>
    private async Task<IPage> ProgramPageAsync(string programId)
    {
        var page = await stack.SignedInAsync(Roles.ProgramManager, programId: programId);
        await page.GetByRole(AriaRole.Link, new() { Name = "Settlement" }).ClickAsync();
        return page;
    }

    /// <summary>
    /// Last month's run started from the page and now a draft. The hourly settlement timer starts last month's run of
    /// every program with terms (two minutes of the test's time apart at speed 30): when it came first, the page's start
    /// meets a 409 and the test goes on with the timer's run. An earlier month would be refused once that run exists:
    /// months are settled in order (ADR 0046).
    /// </summary>
    private async Task<ILocator> LastMonthDraftAsync(IPage page)
    {
        var month = stack.Runner.Clock.GetUtcNow().AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await page.GetByTestId("start-run").Locator("input[name=month]").FillAsync(month);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        var run = page.GetByTestId($"run-{month}-v1");
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("draft", new() { Timeout = 60_000 });
        return run;
    }

    private async Task<JsonElement> ReadAsync(string path)
    {
        using var http = Api();
        return await http.GetFromJsonAsync<JsonElement>(path);
    }

    /// <summary>The API as a program manager calls it, for what a test arranges or checks outside the browser.</summary>
    private HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = stack.Runner.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.Runner.MintToken(Roles.ProgramManager));
        return http;
    }

    [GeneratedRegex("#/events/ev-")]
    private static partial Regex EventRoute();

    [GeneratedRegex("^(restoring|cancelled)$")]
    private static partial Regex Restored();

    [GeneratedRegex(@"^\d+ of [1-9]\d*(, every \d+ (min|s))?$")]
    private static partial Regex ReportingOfCommanded();

    [GeneratedRegex(@"Solvelp, (Optimal|Feasible): round [1-9]\d* of [1-9]\d* kept, \d+\.\d s")]
    private static partial Regex PlanSolve();
}
