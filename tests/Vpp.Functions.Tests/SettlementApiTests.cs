using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Application.Settlement;
using Vpp.Application.Tests;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;
using Vpp.Domain.Tests;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Functions.Security;
using Vpp.Functions.Settlement;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Faults;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Functions.Tests;

/// <summary>
/// A month settled through real HTTP on Azurite with the durable stack in process and Stripe.net paying into the fake
/// Stripe: terms and payout accounts through the API, one evening event with its report and the devices' telemetry
/// ingested, the run started, reminded, approved, paid, exported; customers read their own statements, finance the files.
/// </summary>
public sealed class SettlementApiTests(SettlementStackFixture stack) : IClassFixture<SettlementStackFixture>
{
    private static readonly DateTimeOffset EventStart = Local(2026, 6, 16, 17, 0);
    private static readonly DeviceRatings WaterHeater = new() { MaxImportKw = 4.5 };

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string? role = Roles.ProgramManager, string? subject = null) =>
        stack.SendAsync(method, path, body, expected, role, subject);

    /// <summary>
    /// A program with three water heaters enrolled since January, one per customer, a completed two-hour event on
    /// 16 June and each device's quarters from 15:00 through the event: 2 kW before it, then 0.5 kW (a), 1 kW (b), and
    /// nothing at all from c. Terms: $10/kW-month, $1/kWh, meter-before baseline, $5 minimum payout.
    /// </summary>
    private async Task<string> SetUpMonthAsync(DateTimeOffset? eventStart = null)
    {
        var start = eventStart ?? EventStart;
        var programId = $"settle-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        await SendAsync(HttpMethod.Put, $"api/programs/{programId}", new { name = "Evening peaks", timeZone = "America/Los_Angeles" }, HttpStatusCode.Created);
        var registry = stack.App.Services.GetRequiredService<IDeviceRegistry>();
        var devices = new[] { "a", "b", "c" }.Select(c => new DeviceRegistration($"{programId}-wh-{c}", programId, DeviceType.WaterHeater, WaterHeater, $"{programId}-cust-{c}", EnrolledOn: new DateOnly(2026, 1, 1))).ToList();
        foreach (var device in devices)
        {
            await registry.SaveAsync(device, CancellationToken.None);
        }

        var ledger = new TableTelemetryLedgerStore(stack.App.Services.GetRequiredService<StorageTables>().TelemetryLedger);
        await IngestAsync(ledger, devices[0], 0.5, start);
        await IngestAsync(ledger, devices[1], 1.0, start);
        var dispatchEvent = new DispatchEventBuilder().Id($"{programId}-ev").Program(programId).Window(start, start.AddHours(2)).Types(DeviceType.WaterHeater).Build();
        Assert.True(await stack.App.Services.GetRequiredService<IDispatchEventStore>().AddAsync(dispatchEvent, CancellationToken.None));
        await stack.App.Services.GetRequiredService<IDispatchReportStore>().SaveAsync(new DispatchReport(dispatchEvent.EventId, programId, DispatchEventKind.Reduce, false,
            DispatchEventStatus.Completed, start, start.AddHours(2), 5, 15, 3, 0, 0, 0, 0, 0, 0, 0, [], [],
            [.. devices.Select(d => new DispatchReportDevice(d.DeviceId, d.CustomerId, DeviceType.WaterHeater, DispatchRole.Participant, true, null, null, 0, []))], start.AddHours(3)), CancellationToken.None);

        await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01", new
        {
            capacityRatePerKwMonth = 10,
            energyRatePerKwh = 1,
            baseline = new { method = "meterBefore", meterBeforeMinutes = 30 },
            minimumPayout = 5,
        }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, "api/customers/me/payout-account", new { connectedAccountId = "acct_a" + programId[7..] }, HttpStatusCode.OK, Roles.Customer, $"{programId}-cust-a");
        await SendAsync(HttpMethod.Put, "api/customers/me/payout-account", new { connectedAccountId = "acct_b" + programId[7..] }, HttpStatusCode.OK, Roles.Customer, $"{programId}-cust-b");
        stack.Stripe.RestrictedAccounts.Add("acct_b" + programId[7..]);
        return programId;
    }

    private static async Task IngestAsync(TableTelemetryLedgerStore ledger, DeviceRegistration device, double duringKw, DateTimeOffset eventStart)
    {
        var harness = await new IngestionHarness(ledger, eventStart.AddHours(-2)).WithDevicesAsync(device);
        var quarters = Enumerable.Range(0, 16).Select(q => eventStart.AddHours(-2).AddMinutes(15 * q)).ToList();
        harness.Clock.SetUtcNow(quarters[^1].AddMinutes(16));
        var report = await harness.IngestAsync([.. quarters.Select((t, i) => harness.Event(device.DeviceId,
            TelemetryJson.Valid().Sequence(i + 1).At(t).With("intervalSeconds", 900).With("powerKw", t < eventStart ? 2.0 : duringKw)))]);
        Assert.Equal((16, 0), (report.Counted, report.DeadLetteredTotal));
    }

    private async Task<JsonElement> RunWhenAsync(string programId, Func<string, bool> status, string month = "2026-06")
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var last = default(JsonElement);
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var response = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, $"api/programs/{programId}/settlements/{month}", Roles.ProgramManager));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (status(last.GetProperty("status").GetString()!))
                {
                    return last;
                }
            }

            await Task.Delay(250);
        }

        var instance = await stack.App.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>()
            .GetInstanceAsync(Vpp.Application.Settlement.SettlementRunRequest.InstanceIdOf(programId, DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), 1), getInputsAndOutputs: true);
        throw new TimeoutException($"the run did not get there; last read: {last}; its orchestration: {instance?.RuntimeStatus} {instance?.FailureDetails} {instance?.SerializedOutput}");
    }

    /// <summary>
    /// Starts June's run and approves its draft while the store fails as <paramref name="fault"/> picks (by default every
    /// line's read for the export, so the run is paid out and held), after a resume answers 409 while it is a draft.
    /// Answers the run as first seen held.
    /// </summary>
    private async Task<JsonElement> HeldAsync(string programId, Func<MethodInfo, object?[], bool>? fault = null, string heldAs = "paid-out")
    {
        var paths = $"api/programs/{programId}/settlements/2026-06";
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"{paths}/resume", new { version = 1 }, HttpStatusCode.Conflict);
        stack.FaultsOf<ISettlementRunStore>().Fails = fault ?? SettlementRunStoreFaults.ReadingEveryLine(programId, SettlementRunStatus.PaidOut);
        try
        {
            await SendAsync(HttpMethod.Post, $"{paths}/approve", new { version = 1 }, HttpStatusCode.OK);
            var held = await RunWhenAsync(programId, s => s == heldAs);
            while (held.GetProperty("held").ValueKind == JsonValueKind.Null)
            {
                await Task.Delay(250);
                held = await RunWhenAsync(programId, s => s == heldAs || s == "completed");
            }

            return held;
        }
        finally
        {
            stack.FaultsOf<ISettlementRunStore>().Fails = null;
        }
    }

    private async Task<byte[]> DownloadAsync(string programId, string file, string month = "2026-06")
    {
        using var response = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, $"api/programs/{programId}/settlements/{month}/exports/{file}", Roles.Finance));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task A_run_whose_statements_cannot_be_stored_fails_naming_the_step_and_its_month_is_computed_again_as_the_next_version()
    {
        var programId = await SetUpMonthAsync();
        stack.FaultsOf<ISettlementRunStore>().Fails = (method, args) => method.Name == nameof(ISettlementRunStore.SaveLinesAsync) && args[0] is SettlementRunRecord run && run.ProgramId == programId;
        JsonElement failed;
        try
        {
            await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
            failed = await RunWhenAsync(programId, s => s is "failed" or "draft");
        }
        finally
        {
            stack.FaultsOf<ISettlementRunStore>().Fails = null;
        }

        var again = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        var draft = await RunWhenAsync(programId, s => s == "draft");

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("ComputeStatements failed after its retries: ", failed.GetProperty("history").EnumerateArray().Last().GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal((2, 2), (again.GetProperty("version").GetInt32(), draft.GetProperty("version").GetInt32()));
        Assert.True(draft.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task A_function_whose_store_fails_answers_a_500_problem_that_does_not_show_the_failure()
    {
        var programId = await SetUpMonthAsync();
        stack.FaultsOf<ISettlementRunStore>().Fails = (method, args) => method.Name == nameof(ISettlementRunStore.ListAsync) && Equals(args[0], programId);
        try
        {
            using var response = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, $"api/programs/{programId}/settlements", Roles.ProgramManager));
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain("the port is down", body, StringComparison.Ordinal);
        }
        finally
        {
            stack.FaultsOf<ISettlementRunStore>().Fails = null;
        }
    }

    [Fact]
    public async Task An_approved_run_whose_exports_fail_after_their_retries_is_held_until_a_manager_resumes_it_and_then_completes_paying_no_one_twice()
    {
        var programId = await SetUpMonthAsync();
        var paths = $"api/programs/{programId}/settlements/2026-06";
        var held = await HeldAsync(programId);

        await SendAsync(HttpMethod.Post, $"{paths}/resume", new { version = 1 }, HttpStatusCode.Forbidden, Roles.Customer, $"{programId}-cust-a");
        await SendAsync(HttpMethod.Post, $"{paths}/resume", new { }, HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Post, $"{paths}/resume", new { version = 2 }, HttpStatusCode.NotFound);
        var resumed = await SendAsync(HttpMethod.Post, $"{paths}/resume", new { version = 1 }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"{paths}/resume", new { version = 1 }, HttpStatusCode.Conflict);
        var completed = await RunWhenAsync(programId, s => s == "completed");
        using var finishing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runInstance = SettlementRunRequest.InstanceIdOf(programId, new DateOnly(2026, 6, 1), 1);
        await stack.App.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(runInstance, finishing.Token);
        var executions = stack.App.Services.GetRequiredService<OrchestrationRecorder>().Generations(runInstance);
        executions[0].SaveWhenAsked("held-resumed");
        executions[^1].SaveWhenAsked("resumed-exported");

        var hold = held.GetProperty("held");
        Assert.True(hold.GetProperty("held").GetBoolean());
        Assert.Equal("paid-out", hold.GetProperty("status").GetString());
        Assert.StartsWith("held: ExportSettlement failed after its retries: ", hold.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("held").ValueKind);
        var moves = completed.GetProperty("history").EnumerateArray().Select(h => (Status: h.GetProperty("status").GetString(), Held: h.GetProperty("held").GetBoolean(), Cause: h.GetProperty("cause").GetString()!)).ToList();
        Assert.Equal([("paid-out", true), ("paid-out", false), ("completed", false)], moves.TakeLast(3).Select(m => (m.Status, m.Held)));
        Assert.StartsWith("resumed", moves[^2].Cause, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("held").ValueKind);
        Assert.Contains("manifest.json", completed.GetProperty("exports").EnumerateArray().Select(e => e.GetString()));
        var transfer = Assert.Single(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>().EndsWith(programId[7..], StringComparison.Ordinal));
        Assert.Equal(1800L, transfer["amount"]!.GetValue<long>());
        // Held, the first execution waited for the resumption and continued as new; the second exported and completed.
        Assert.Equal(2, executions.Count);
        Assert.All(executions, e => e.AssertReplaysAsRecorded());
    }

    /// <summary>
    /// The provider takes a batch's transfers but the store cannot record their outcomes: the payout step fails after its
    /// retries, each retry sending the same transfers under the same keys, and the run is held approved. Resumed, the step
    /// runs again under those keys: the customer is paid once.
    /// </summary>
    [Fact]
    public async Task An_approved_run_whose_payouts_cannot_be_recorded_after_their_retries_is_held_approved_and_once_resumed_pays_each_customer_once()
    {
        var programId = await SetUpMonthAsync();
        var held = await HeldAsync(programId, SettlementRunStoreFaults.RecordingPayouts(programId), heldAs: "approved");
        var triesWhileHeld = stack.Stripe.IdempotencyKeys.Count(k => k.EndsWith($":{programId}-cust-a", StringComparison.Ordinal));

        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/resume", new { version = 1 }, HttpStatusCode.OK);
        var completed = await RunWhenAsync(programId, s => s == "completed");

        var hold = held.GetProperty("held");
        Assert.Equal("approved", hold.GetProperty("status").GetString());
        Assert.StartsWith("held: PayOutSettlement failed after its retries: ", hold.GetProperty("cause").GetString(), StringComparison.Ordinal);
        var moves = completed.GetProperty("history").EnumerateArray().Select(h => (Status: h.GetProperty("status").GetString(), Held: h.GetProperty("held").GetBoolean())).ToList();
        Assert.Equal([("approved", true), ("approved", false), ("paid-out", false), ("completed", false)], moves.TakeLast(4));
        // The step's ten tries each asked for a's transfer, under one key; one transfer was made.
        Assert.True(triesWhileHeld >= 10, $"{triesWhileHeld} requests for a's transfer before the hold");
        var transfer = Assert.Single(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>().EndsWith(programId[7..], StringComparison.Ordinal));
        Assert.Equal(("acct_a" + programId[7..], 1800L), (transfer["destination"]!.GetValue<string>(), transfer["amount"]!.GetValue<long>()));
        // b's account is restricted: its line is failed once recorded, and carried.
        Assert.Equal($"{programId}-cust-b", Assert.Single(completed.GetProperty("failedPayouts").EnumerateArray()).GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task A_held_run_whose_orchestration_an_operator_terminated_is_started_again_when_resumed_and_pays_no_one_twice()
    {
        var programId = await SetUpMonthAsync();
        await HeldAsync(programId);
        var durable = stack.App.Services.GetRequiredService<DurableTaskClient>();
        var runInstance = SettlementRunRequest.InstanceIdOf(programId, new DateOnly(2026, 6, 1), 1);
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await durable.TerminateInstanceAsync(runInstance, "operator", stopping.Token);
        var terminated = await durable.WaitForInstanceCompletionAsync(runInstance, stopping.Token);

        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/resume", new { version = 1 }, HttpStatusCode.OK);
        var completed = await RunWhenAsync(programId, s => s == "completed");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Contains("manifest.json", completed.GetProperty("exports").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1800L, Assert.Single(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>().EndsWith(programId[7..], StringComparison.Ordinal))["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_month_settles_through_the_api_drafted_reminded_approved_paid_once_per_customer_and_exported_in_balance()
    {
        var programId = await SetUpMonthAsync();
        var (a, b, c) = ($"{programId}-cust-a", $"{programId}-cust-b", $"{programId}-cust-c");

        var started = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        var draft = await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Conflict);
        var reminded = await RunWhenAsync(programId, s => s == "draft");
        while (!reminded.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("cause").GetString()!.StartsWith("reminder", StringComparison.Ordinal)))
        {
            await Task.Delay(250);
            reminded = await RunWhenAsync(programId, s => s == "draft");
        }

        Assert.DoesNotContain(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>().EndsWith(programId[7..], StringComparison.Ordinal));
        var beforeApproval = await SendAsync(HttpMethod.Get, "api/customers/me/statements", null, HttpStatusCode.OK, Roles.Customer, a);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 2 }, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/reject", new { version = 1 }, HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 1, reason = "checked against the meter data" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/reject", new { version = 1, reason = "too late" }, HttpStatusCode.Conflict);
        var completed = await RunWhenAsync(programId, s => s == "completed");
        using var finishing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runInstance = SettlementRunRequest.InstanceIdOf(programId, new DateOnly(2026, 6, 1), 1);
        await stack.App.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(runInstance, finishing.Token);
        var history = stack.App.Services.GetRequiredService<OrchestrationRecorder>().Finished(runInstance);
        history.SaveWhenAsked("reminded-approved-paid");

        Assert.Equal(0, beforeApproval.GetProperty("statements").GetArrayLength());

        // Meter before: 2 kW for the half hour before, so 4 kWh over the two hours; a drew 1 kWh (delivered 3 of 4.5
        // committed: factor 0.6667, $15.00 + $3.00), b 2 kWh (2 of 4.5: 0.4444, $10.00 + $2.00); c reported nothing, so
        // no event counted against it and its 2.25 kW is paid for availability, $22.50.
        Assert.Equal(1, started.GetProperty("version").GetInt32());
        Assert.Equal(52.50m, draft.GetProperty("statementsTotal").GetDecimal());
        Assert.True(draft.GetProperty("balanced").GetBoolean());
        var transfers = stack.Stripe.Transfers.Where(t => t["destination"]!.GetValue<string>().EndsWith(programId[7..], StringComparison.Ordinal)).ToList();
        var transfer = Assert.Single(transfers);
        Assert.Equal(("acct_a" + programId[7..], 1800L), (transfer["destination"]!.GetValue<string>(), transfer["amount"]!.GetValue<long>()));
        var statuses = completed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["computing", "draft"], statuses.Take(2));
        Assert.Equal(["approved", "paid-out", "completed"], statuses.TakeLast(3));
        Assert.All(statuses.Skip(2).SkipLast(3), s => Assert.Equal("draft", s));
        // The draft planned a and b's transfers and carried c (no account); b's account is restricted, so only a was paid.
        Assert.Equal((30.00m, 22.50m), (completed.GetProperty("transfersTotal").GetDecimal(), completed.GetProperty("carriedTotal").GetDecimal()));
        Assert.Equal("1 transfers totalling 18.00; 1 failed, carried to the next run", completed.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("status").GetString() == "paid-out").GetProperty("cause").GetString());
        var failed = Assert.Single(completed.GetProperty("failedPayouts").EnumerateArray());
        Assert.Equal((b, "account_invalid"), (failed.GetProperty("customerId").GetString(), failed.GetProperty("code").GetString()));
        Assert.Contains("payouts.csv", completed.GetProperty("exports").EnumerateArray().Select(e => e.GetString()));

        var mine = await SendAsync(HttpMethod.Get, "api/customers/me/statements", null, HttpStatusCode.OK, Roles.Customer, a);
        var statement = Assert.Single(mine.GetProperty("statements").EnumerateArray());
        Assert.Equal((18.00m, "paid", transfer["id"]!.GetValue<string>()),
            (statement.GetProperty("total").GetDecimal(), statement.GetProperty("payout").GetProperty("state").GetString(), statement.GetProperty("payout").GetProperty("transferId").GetString()));
        var deviceEvent = statement.GetProperty("devices")[0].GetProperty("events")[0];
        Assert.Equal((Vpp.Domain.Settlement.MeterBeforeBaseline.Method, 4.0, 1.0, 3.0), (deviceEvent.GetProperty("method").GetString(), Math.Round(deviceEvent.GetProperty("baselineKwh").GetDouble(), 6),
            Math.Round(deviceEvent.GetProperty("actualKwh").GetDouble(), 6), Math.Round(deviceEvent.GetProperty("deliveredKwh").GetDouble(), 6)));
        var earnings = await SendAsync(HttpMethod.Get, "api/customers/me/earnings?year=2026", null, HttpStatusCode.OK, Roles.Customer, c);
        await SendAsync(HttpMethod.Get, "api/customers/me/earnings?year=2200", null, HttpStatusCode.BadRequest, Roles.Customer, c);
        Assert.Equal((22.50m, 0m, 22.50m), (earnings.GetProperty("earned").GetDecimal(), earnings.GetProperty("paid").GetDecimal(), earnings.GetProperty("owed").GetDecimal()));

        var manifest = JsonDocument.Parse(await DownloadAsync(programId, "manifest.json")).RootElement;
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(await DownloadAsync(programId, file.GetProperty("name").GetString()!))));
        }

        // Three approvals and one payout, two entries each; debits equal credits, and the payable is credited with Σ statements.
        var journal = manifest.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "journal.csv");
        Assert.Equal((8, 52.50m + 18.00m), (journal.GetProperty("rows").GetInt32(), journal.GetProperty("total").GetDecimal()));
        using var customerDownload = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, $"api/programs/{programId}/settlements/2026-06/exports/journal.csv", Roles.Customer, subject: a));
        Assert.Equal(HttpStatusCode.Forbidden, customerDownload.StatusCode);

        // The run's orchestration, stamped with today's version, replays from its history as it ran (ADR 0040).
        Assert.Equal(DurableTasks.OrchestrationVersion, history.Version);
        history.AssertReplaysAsRecorded();
    }

    [Fact]
    public async Task A_runs_statements_are_listed_a_batch_a_page_by_customer_and_add_up_to_its_total()
    {
        var programId = await SetUpMonthAsync();
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        var draft = await RunWhenAsync(programId, s => s == "draft");
        var path = $"api/programs/{programId}/settlements/2026-06/statements";

        var first = await SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);
        var second = await SendAsync(HttpMethod.Get, path + "?page=1&version=1", null, HttpStatusCode.OK, Roles.Finance);
        var beyond = await SendAsync(HttpMethod.Get, path + "?page=2", null, HttpStatusCode.BadRequest);
        var negative = await SendAsync(HttpMethod.Get, path + "?page=-1", null, HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlements/2026-07/statements", null, HttpStatusCode.NotFound);

        // Batches of two customers in this stack: a and b, then c.
        Assert.Equal((0, 2, "draft", 1), (first.GetProperty("page").GetInt32(), first.GetProperty("pages").GetInt32(), first.GetProperty("runStatus").GetString(), first.GetProperty("version").GetInt32()));
        var listed = first.GetProperty("statements").EnumerateArray().Concat(second.GetProperty("statements").EnumerateArray()).ToList();
        Assert.Equal([$"{programId}-cust-a", $"{programId}-cust-b", $"{programId}-cust-c"], listed.Select(s => s.GetProperty("customerId").GetString()));
        Assert.Equal(draft.GetProperty("statementsTotal").GetDecimal(), listed.Sum(s => s.GetProperty("total").GetDecimal()));
        Assert.All(listed, s => Assert.Equal((1, 1), (s.GetProperty("devices").GetInt32(), s.GetProperty("events").GetInt32())));
        Assert.Equal("transfer", listed[0].GetProperty("payout").GetProperty("disposition").GetString(), ignoreCase: true);
        Assert.All([beyond, negative], p => Assert.Equal("a whole number from 0 to 1", p.GetProperty("errors").GetProperty("page")[0].GetString()));
    }

    [Fact]
    public async Task A_rejected_run_is_recomputed_as_a_new_version_paid_under_new_keys_and_finance_reverses_a_transfer_once()
    {
        var programId = await SetUpMonthAsync();
        var a = $"{programId}-cust-a";
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/reject", new { version = 1, reason = "energy rate should be $2" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01",
            new { capacityRatePerKwMonth = 10, energyRatePerKwh = 2, baseline = new { method = "meterBefore" }, minimumPayout = 5 }, HttpStatusCode.OK);
        var second = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 2 }, HttpStatusCode.OK);
        await RunWhenAsync(programId, s => s == "completed");

        var mine = (await SendAsync(HttpMethod.Get, "api/customers/me/statements", null, HttpStatusCode.OK, Roles.Customer, a)).GetProperty("statements");
        var forbidden = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/payouts/{a}/reversal", new { version = 2 }, HttpStatusCode.Forbidden, Roles.ProgramManager);
        var reversed = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/payouts/{a}/reversal", new { version = 2 }, HttpStatusCode.OK, Roles.Finance);
        var again = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/payouts/{a}/reversal", new { version = 2 }, HttpStatusCode.OK, Roles.Finance);
        var notPaid = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/payouts/{programId}-cust-c/reversal", new { version = 2 }, HttpStatusCode.Conflict, Roles.Finance);
        var earnings = await SendAsync(HttpMethod.Get, "api/customers/me/earnings?year=2026", null, HttpStatusCode.OK, Roles.Customer, a);
        var journal = JsonDocument.Parse(await DownloadAsync(programId, "manifest.json")).RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "journal.csv");

        // Version 2 pays a $15.00 + 3 kWh × $2 = $21.00 under a key of its own; version 1 paid nothing.
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        var statement = Assert.Single(mine.EnumerateArray());
        Assert.Equal((2, 21.00m), (statement.GetProperty("version").GetInt32(), statement.GetProperty("total").GetDecimal()));
        var transfer = Assert.Single(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>() == "acct_a" + programId[7..]);
        Assert.Equal(2100L, transfer["amount"]!.GetValue<long>());
        Assert.EndsWith($":v2:{a}", transfer["metadata"]!["payout_key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("reversed", reversed.GetProperty("state").GetString());
        Assert.Equal(reversed.GetProperty("reversalId").GetString(), again.GetProperty("reversalId").GetString());
        Assert.Single(stack.Stripe.Reversals, r => r["transfer"]!.GetValue<string>() == transfer["id"]!.GetValue<string>());
        Assert.Equal(403, forbidden.GetProperty("status").GetInt32());
        Assert.Contains("only a paid transfer can be reversed", notPaid.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((21.00m, 0m, 21.00m), (earnings.GetProperty("earned").GetDecimal(), earnings.GetProperty("paid").GetDecimal(), earnings.GetProperty("owed").GetDecimal()));

        // Approval (3 × 2 entries), payout and reversal (2 each): the reversal's credit puts the $21.00 back on the payable.
        Assert.Equal((10, 21.00m + 14.00m + 22.50m + 21.00m + 21.00m), (journal.GetProperty("rows").GetInt32(), journal.GetProperty("total").GetDecimal()));
    }

    [Fact]
    public async Task A_month_is_settled_only_once_every_earlier_months_run_is_paid_out_so_what_it_left_owed_is_brought_forward_once()
    {
        var programId = await SetUpMonthAsync(Local(2026, 5, 19, 17, 0));
        var settlements = $"api/programs/{programId}/settlements";
        await SendAsync(HttpMethod.Post, settlements, new { month = "2026-05" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft", "2026-05");
        var whileDraft = await SendAsync(HttpMethod.Post, settlements, new { month = "2026-06" }, HttpStatusCode.Conflict);

        // May's payouts keep failing, so it stays approved, its transfers unfinished.
        stack.FaultsOf<ISettlementRunStore>().Fails = SettlementRunStoreFaults.ReadingEveryLine(programId, SettlementRunStatus.Approved);
        JsonElement whilePaying;
        try
        {
            await SendAsync(HttpMethod.Post, $"{settlements}/2026-05/approve", new { version = 1 }, HttpStatusCode.OK);
            whilePaying = await SendAsync(HttpMethod.Post, settlements, new { month = "2026-06" }, HttpStatusCode.Conflict);
        }
        finally
        {
            stack.FaultsOf<ISettlementRunStore>().Fails = null;
        }

        var may = await RunWhenAsync(programId, s => s == "completed", "2026-05");
        var skipping = await stack.App.Services.GetRequiredService<SettlementRunSteps>().RefusalAsync(programId, new DateOnly(2026, 7, 1), 1, CancellationToken.None);
        await SendAsync(HttpMethod.Post, settlements, new { month = "2026-06" }, HttpStatusCode.Accepted);
        var june = await RunWhenAsync(programId, s => s == "draft");
        var beforeTheFirst = await SendAsync(HttpMethod.Post, settlements, new { month = "2026-04" }, HttpStatusCode.Conflict);

        Assert.StartsWith("2026-05 v1 is draft: a month is settled once every earlier month's run is paid out", whileDraft.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2026-05 v1 is approved: ", whilePaying.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2026-06 has no run: months are settled in order", skipping, StringComparison.Ordinal);
        Assert.StartsWith("2026-05 v1 is completed: months are settled in order, and a month is not settled after a later one", beforeTheFirst.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // c has no account (carried as drafted, $22.50) and b's transfer failed (restricted account, $12.00): May leaves
        // both owed, brought into June once.
        Assert.Equal((22.50m, 1), (may.GetProperty("carriedTotal").GetDecimal(), may.GetProperty("failedPayouts").GetArrayLength()));
        Assert.Equal(34.50m, june.GetProperty("broughtForwardTotal").GetDecimal());
    }

    [Fact]
    public async Task Of_two_first_months_prepared_at_once_the_one_the_order_refuses_once_both_are_stored_fails_and_names_the_other()
    {
        var programId = await SetUpMonthAsync(Local(2026, 5, 19, 17, 0));
        var steps = stack.App.Services.GetRequiredService<SettlementRunSteps>();
        var (may, june) = (new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 1));
        SettlementPreparation? mayPrepared = null;
        // June passed its check with no run stored; just before June's run is stored, May is prepared whole.
        stack.FaultsOf<ISettlementRunStore>().Before = (method, args) =>
        {
            if (mayPrepared is null && method.Name == nameof(ISettlementRunStore.SaveAsync) && args[0] is null && args[1] is SettlementRunRecord { Month: var month } run
                && run.ProgramId == programId && month == june)
            {
                mayPrepared = steps.PrepareAsync(new SettlementRunRequest(programId, may, 1, "test", TimeSpan.FromHours(1)), CancellationToken.None).GetAwaiter().GetResult();
            }
        };
        SettlementPreparation junePrepared;
        try
        {
            junePrepared = await steps.PrepareAsync(new SettlementRunRequest(programId, june, 1, "test", TimeSpan.FromHours(1)), CancellationToken.None);
        }
        finally
        {
            stack.FaultsOf<ISettlementRunStore>().Before = null;
        }

        var juneAgain = await steps.PrepareAsync(new SettlementRunRequest(programId, june, 1, "test", TimeSpan.FromHours(1)), CancellationToken.None);
        var runs = await stack.App.Services.GetRequiredService<SettlementRunService>().ListAsync(programId, CancellationToken.None);

        Assert.Null(mayPrepared!.Refusal);
        Assert.NotEmpty(mayPrepared.BatchStarts);
        Assert.StartsWith($"{SettlementRun.IdOf(programId, june)} v1 failed: refused: 2026-05 v1 is computing: a month is settled once every earlier month's run is paid out",
            junePrepared.Refusal, StringComparison.Ordinal);
        Assert.Empty(junePrepared.BatchStarts);
        // Prepared again (its activity retried), June answers the same.
        Assert.Equal(junePrepared.Refusal, juneAgain.Refusal);
        Assert.Empty(juneAgain.BatchStarts);
        Assert.Equal([(may, SettlementRunStatus.Computing), (june, SettlementRunStatus.Failed)], runs.OrderBy(r => r.Month).Select(r => (r.Month, r.Status)));
    }

    [Fact]
    public async Task A_correction_of_an_approved_month_is_carried_as_adjustment_lines_in_the_next_run_and_the_approved_run_stands()
    {
        var programId = await SetUpMonthAsync(Local(2026, 5, 19, 17, 0));
        var (a, b) = ($"{programId}-cust-a", $"{programId}-cust-b");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-05" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft", "2026-05");
        var draftRefused = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-05/corrections", new { reason = "late telemetry" }, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-05/approve", new { version = 1 }, HttpStatusCode.OK);
        var may = await RunWhenAsync(programId, s => s == "completed", "2026-05");

        // The energy rate was promised at $2: the terms are corrected and May is settled again in June's run.
        await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01",
            new { capacityRatePerKwMonth = 10, energyRatePerKwh = 2, baseline = new { method = "meterBefore", meterBeforeMinutes = 30 }, minimumPayout = 5 }, HttpStatusCode.OK);
        var noReason = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-05/corrections", new { reason = " " }, HttpStatusCode.BadRequest);
        var noRun = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/corrections", new { reason = "late telemetry" }, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-05/corrections", new { reason = "energy rate is $2" }, HttpStatusCode.Forbidden, Roles.Finance);
        var correction = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-05/corrections", new { reason = "energy rate is $2" }, HttpStatusCode.Accepted);
        var pending = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlements/2026-05/corrections", null, HttpStatusCode.OK, Roles.Finance);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        var draft = await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 1 }, HttpStatusCode.OK);
        var june = await RunWhenAsync(programId, s => s == "completed");
        var carried = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlements/2026-05/corrections", null, HttpStatusCode.OK, Roles.Finance);
        var mayAfter = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlements/2026-05", null, HttpStatusCode.OK);
        var statement = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlements/2026-06/statements/{a}", null, HttpStatusCode.OK, Roles.Finance);

        Assert.Contains("only an approved month is corrected", draftRefused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Contains("no run to correct", noRun.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, Assert.Single(pending.GetProperty("corrections").EnumerateArray()).GetProperty("carriedBy").ValueKind);

        // June pays each 2.25 kW for availability ($22.50), and May's energy again at $2: a delivered 3 kWh (+$3.00),
        // b 2 kWh (+$2.00), c nothing (no line). May's run is as it was approved.
        Assert.Equal(["2026-05"], draft.GetProperty("corrects").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal((72.50m, true), (june.GetProperty("statementsTotal").GetDecimal(), june.GetProperty("balanced").GetBoolean()));
        Assert.Equal((52.50m, may.GetProperty("history").GetArrayLength()), (mayAfter.GetProperty("statementsTotal").GetDecimal(), mayAfter.GetProperty("history").GetArrayLength()));
        var line = Assert.Single(carried.GetProperty("corrections").EnumerateArray());
        Assert.Equal((correction.GetProperty("correctionId").GetString(), "2026-06 v1"), (line.GetProperty("correctionId").GetString(), line.GetProperty("carriedBy").GetString()));
        var adjustment = Assert.Single(statement.GetProperty("adjustments").EnumerateArray());
        Assert.Equal(("2026-05-01", $"{programId}-wh-a", 18.00m, 21.00m, 3.00m), (adjustment.GetProperty("correctedMonth").GetString(), adjustment.GetProperty("deviceId").GetString(),
            adjustment.GetProperty("settled").GetDecimal(), adjustment.GetProperty("due").GetDecimal(), adjustment.GetProperty("amount").GetDecimal()));
        Assert.Equal(25.50m, statement.GetProperty("total").GetDecimal());
        Assert.Single(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>() == "acct_a" + programId[7..] && t["amount"]!.GetValue<long>() == 2550);

        var rows = System.Text.Encoding.UTF8.GetString(await DownloadAsync(programId, "statement-lines.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var adjustments = rows.Where(r => r.Contains(",Adjustment,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, adjustments.Count);
        Assert.All(adjustments, r => Assert.Contains(",2026-06,2026-05,", r, StringComparison.Ordinal));
        Assert.Contains(adjustments, r => r.Contains(b, StringComparison.Ordinal) && r.EndsWith(",2.00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_settles_the_payout_accounts_its_run_started_with_though_one_is_added_before_it_computes()
    {
        var programId = await SetUpMonthAsync();
        var store = stack.App.Services.GetRequiredService<ISettlementRunStore>();
        var steps = stack.App.Services.GetRequiredService<SettlementRunSteps>();
        var june = new DateOnly(2026, 6, 1);
        await steps.PrepareAsync(new SettlementRunRequest(programId, june, 1, "manager", TimeSpan.FromDays(1)), CancellationToken.None);
        await SendAsync(HttpMethod.Put, "api/customers/me/payout-account", new { connectedAccountId = "acct_c" + programId[7..] }, HttpStatusCode.OK, Roles.Customer, $"{programId}-cust-c");

        var record = (await store.FindAsync(programId, june, 1, CancellationToken.None))!;
        var input = (await store.FindBatchInputAsync(programId, june, 1, 0, CancellationToken.None))!;
        await steps.ComputeAsync(Assert.Single(SettlementBatch.All(programId, june, 1, record.BatchStarts)), CancellationToken.None);
        var lines = await store.ReadLinesAsync(record, string.Empty, null, null, CancellationToken.None);

        // One batch covers every customer id, so other programs' customers sharing this stack are in its range too.
        Assert.Equal([$"{programId}-cust-a", $"{programId}-cust-b"], input.PayoutAccounts.Keys.Where(c => c.StartsWith(programId, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["acct_a" + programId[7..], "acct_b" + programId[7..], null], lines.Select(l => l.Payout.ConnectedAccountId));
    }

    [Fact]
    public async Task A_correction_is_carried_by_the_run_that_claimed_it_first_and_by_the_next_version_once_that_run_is_rejected()
    {
        var programId = await SetUpMonthAsync();
        var store = stack.App.Services.GetRequiredService<ISettlementRunStore>();
        var steps = stack.App.Services.GetRequiredService<SettlementRunSteps>();
        var (june, july, august) = (new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 1));
        SettlementRunRequest Request(DateOnly month, int version) => new(programId, month, version, "manager", TimeSpan.FromDays(1));
        await store.AddCorrectionAsync(new SettlementCorrection(programId, new DateOnly(2026, 5, 1), "late-telemetry", "late telemetry", "manager", stack.Clock.GetUtcNow()), CancellationToken.None);
        var correction = Assert.Single(await store.ListCorrectionsAsync(programId, CancellationToken.None));

        // June's preparation has claimed the correction and not yet stored its run when July's reads it as free.
        Assert.True(await store.ClaimCorrectionAsync(correction, null, new SettlementRunVersion(june, 1), CancellationToken.None));
        var lateClaim = await store.ClaimCorrectionAsync(correction, null, new SettlementRunVersion(july, 1), CancellationToken.None);
        await steps.PrepareAsync(Request(june, 1), CancellationToken.None);
        var julyRefused = await steps.PrepareAsync(Request(july, 1), CancellationToken.None);
        var juneFirst = (await store.FindAsync(programId, june, 1, CancellationToken.None))!;
        var (rejected, _) = juneFirst.MoveTo(SettlementRunStatus.Draft, stack.Clock.GetUtcNow(), "settlement", "drafted").Record!
            .MoveTo(SettlementRunStatus.Rejected, stack.Clock.GetUtcNow(), "manager", "wrong terms");
        Assert.True(await store.SaveAsync(juneFirst, rejected!, CancellationToken.None));
        await steps.PrepareAsync(Request(june, 2), CancellationToken.None);
        var augustRefused = await steps.PrepareAsync(Request(august, 1), CancellationToken.None);

        Assert.False(lateClaim);
        Assert.StartsWith("2026-06 v1 is computing: ", julyRefused.Refusal, StringComparison.Ordinal);
        Assert.Null(await store.FindAsync(programId, july, 1, CancellationToken.None));
        Assert.Equal("late-telemetry", Assert.Single(juneFirst.Corrections).CorrectionId);
        Assert.Equal("late-telemetry", Assert.Single((await store.FindAsync(programId, june, 2, CancellationToken.None))!.Corrections).CorrectionId);
        // August waits for June's second version to be paid out, and takes none of its corrections meanwhile.
        Assert.StartsWith("2026-06 v2 is computing: ", augustRefused.Refusal, StringComparison.Ordinal);
        Assert.Null(await store.FindAsync(programId, august, 1, CancellationToken.None));
        Assert.Equal(new SettlementRunVersion(june, 2), Assert.Single(await store.ListCorrectionsAsync(programId, CancellationToken.None)).ClaimedBy);
    }

    [Fact]
    public async Task Transfers_the_provider_cannot_take_for_a_moment_are_retried_under_their_keys_and_paid_once()
    {
        var programId = await SetUpMonthAsync();
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        // Stripe.net tries each request three times (two network retries, same key): six 503s fail both a's and b's first attempt.
        stack.Stripe.Unavailable(6);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 1 }, HttpStatusCode.OK);
        var completed = await RunWhenAsync(programId, s => s == "completed");

        // a and b share a batch: both got 503 first; the batch ran again, a was paid, b's restricted account refused.
        var transfer = Assert.Single(stack.Stripe.Transfers, t => t["destination"]!.GetValue<string>().EndsWith(programId[7..], StringComparison.Ordinal));
        Assert.Equal("acct_a" + programId[7..], transfer["destination"]!.GetValue<string>());
        var failed = Assert.Single(completed.GetProperty("failedPayouts").EnumerateArray());
        Assert.Equal(("account_invalid", 2), (failed.GetProperty("code").GetString(), failed.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task The_timer_starts_last_month_once_it_is_days_over_for_programs_with_terms_and_no_run()
    {
        var programId = await SetUpMonthAsync();
        var settlement = stack.App.Services.GetRequiredService<Vpp.Application.Settlement.SettlementRunService>();

        var tooSoon = await settlement.DueAsync(Local(2026, 7, 3, 12, 0), CancellationToken.None);
        var due = await settlement.DueAsync(Local(2026, 7, 14, 12, 0), CancellationToken.None);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        var started = await settlement.DueAsync(Local(2026, 7, 14, 12, 0), CancellationToken.None);

        Assert.DoesNotContain(tooSoon, r => r.ProgramId == programId);
        var request = Assert.Single(due, r => r.ProgramId == programId);
        Assert.Equal((new DateOnly(2026, 6, 1), 1, "timer"), (request.Month, request.Version, request.RequestedBy));
        Assert.DoesNotContain(started, r => r.ProgramId == programId);
    }

    /// <summary>
    /// Before the run records itself, the timer and managers asking for the same month all get version 1's request: each
    /// starts its orchestration, and the backend lets one start (a start that read the instance first let them all
    /// through, and each later start replaced the instance the one before had started).
    /// </summary>
    [Fact]
    public async Task The_timer_and_managers_starting_a_months_run_at_the_same_moment_start_one_orchestration()
    {
        var programId = await SetUpMonthAsync();
        var settlement = stack.App.Services.GetRequiredService<SettlementRunService>();
        var durable = stack.App.Services.GetRequiredService<DurableTaskClient>();
        var requests = new List<SettlementRunRequest> { Assert.Single(await settlement.DueAsync(Local(2026, 7, 14, 12, 0), CancellationToken.None), r => r.ProgramId == programId) };
        foreach (var manager in new[] { "pm-1", "pm-2", "pm-3" })
        {
            requests.Add((await settlement.NextRunAsync(programId, new DateOnly(2026, 6, 1), manager, CancellationToken.None)).Request!);
        }

        var started = await Task.WhenAll(requests.Select(r => Task.Run(() => SettlementOrchestrations.StartAsync(durable, r, CancellationToken.None))));
        var draft = await RunWhenAsync(programId, s => s == "draft");
        var runs = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlements", null, HttpStatusCode.OK);

        Assert.All(requests, r => Assert.Equal(requests[0].InstanceId, r.InstanceId));
        Assert.Single(started, s => s);
        Assert.Equal(1, draft.GetProperty("version").GetInt32());
        Assert.Single(runs.GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public async Task Running_an_approved_runs_steps_again_changes_nothing_and_pays_no_one_twice()
    {
        var programId = await SetUpMonthAsync();
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 1 }, HttpStatusCode.OK);
        var completed = await RunWhenAsync(programId, s => s == "completed");
        var steps = stack.App.Services.GetRequiredService<Vpp.Application.Settlement.SettlementRunSteps>();
        var runs = stack.App.Services.GetRequiredService<Vpp.Application.Settlement.ISettlementRunStore>();
        var june = new DateOnly(2026, 6, 1);
        var record = (await runs.FindAsync(programId, june, 1, CancellationToken.None))!;
        var before = await runs.ReadLinesAsync(record, string.Empty, null, null, CancellationToken.None);
        var transfersBefore = stack.Stripe.Transfers.Count;

        var batches = Vpp.Application.Settlement.SettlementBatch.All(programId, june, 1, record.BatchStarts).ToList();
        var totals = new List<Vpp.Domain.Settlement.SettlementRunTotals>();
        foreach (var batch in batches)
        {
            totals.Add(await steps.ComputeAsync(batch, CancellationToken.None));
            await steps.PayAsync(batch, CancellationToken.None);
        }

        var status = await steps.DraftAsync(new Vpp.Application.Settlement.SettlementDraft(
            new Vpp.Application.Settlement.SettlementRunRequest(programId, june, 1, "test", TimeSpan.FromHours(1)), totals), CancellationToken.None);
        var after = await runs.ReadLinesAsync(record, string.Empty, null, null, CancellationToken.None);

        Assert.Equal(Vpp.Domain.Settlement.SettlementRunStatus.Completed, status);
        Assert.Equal(record.Totals, totals.Aggregate(Vpp.Domain.Settlement.SettlementRunTotals.Zero, (sum, t) => sum.Plus(t)));
        Assert.Equal(before.Select(l => (l.CustomerId, l.Statement.Total, l.State, l.TransferId)), after.Select(l => (l.CustomerId, l.Statement.Total, l.State, l.TransferId)));
        Assert.Equal(transfersBefore, stack.Stripe.Transfers.Count);
        Assert.Equal(completed.GetProperty("history").GetArrayLength(), (await RunWhenAsync(programId, s => s == "completed")).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_program_with_no_one_enrolled_settles_an_empty_month_in_balance()
    {
        var programId = $"settle-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        await SendAsync(HttpMethod.Put, $"api/programs/{programId}", new { name = "Empty", timeZone = "America/Los_Angeles" }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01", new { capacityRatePerKwMonth = 10, energyRatePerKwh = 1 }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Accepted);
        await RunWhenAsync(programId, s => s == "draft");
        await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements/2026-06/approve", new { version = 1 }, HttpStatusCode.OK);
        var completed = await RunWhenAsync(programId, s => s == "completed");

        Assert.Equal((0, 0m, true), (completed.GetProperty("customers").GetInt32(), completed.GetProperty("statementsTotal").GetDecimal(), completed.GetProperty("balanced").GetBoolean()));
    }

    [Theory]
    [InlineData("cust/1")]
    [InlineData("cust#1")]
    [InlineData("cust?1")]
    public async Task A_token_whose_subject_cannot_be_a_customer_id_is_refused_with_a_problem_not_a_server_error(string subject)
    {
        var statements = await SendAsync(HttpMethod.Get, "api/customers/me/statements", null, HttpStatusCode.Forbidden, Roles.Customer, subject);
        var earnings = await SendAsync(HttpMethod.Get, "api/customers/me/earnings", null, HttpStatusCode.Forbidden, Roles.Customer, subject);
        var account = await SendAsync(HttpMethod.Put, "api/customers/me/payout-account", new { connectedAccountId = "acct_x1" }, HttpStatusCode.Forbidden, Roles.Customer, subject);

        Assert.All([statements, earnings, account], p => Assert.Contains("not a customer id", p.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terms_that_break_a_rule_are_refused_naming_each_field_and_nothing_is_stored()
    {
        var programId = $"settle-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        await SendAsync(HttpMethod.Put, $"api/programs/{programId}", new { name = "Evening peaks", timeZone = "America/Los_Angeles" }, HttpStatusCode.Created);

        var refused = await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01",
            new { capacityRatePerKwMonth = -1, energyRatePerKwh = 1, eventCap = 0.005, clawbackPerKwMonth = 3, baseline = new { method = "highXOfY", highestDays = 12, ofDays = 10 } }, HttpStatusCode.BadRequest);
        var missing = await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01", new { energyRatePerKwh = 1 }, HttpStatusCode.BadRequest);
        var badDate = await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-13-01", new { capacityRatePerKwMonth = 1, energyRatePerKwh = 1 }, HttpStatusCode.BadRequest);
        var yearOne = await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/0001-01-01", new { capacityRatePerKwMonth = 1, energyRatePerKwh = 1 }, HttpStatusCode.BadRequest);
        var nullSeason = await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01",
            new { capacityRatePerKwMonth = 1, energyRatePerKwh = 1, seasons = new object?[] { null } }, HttpStatusCode.BadRequest);
        var hugeWindow = await SendAsync(HttpMethod.Put, $"api/programs/{programId}/settlement-terms/2026-01-01",
            new { capacityRatePerKwMonth = 1, energyRatePerKwh = 1, baseline = new { adjustment = new { fromHours = 1e300 } } }, HttpStatusCode.BadRequest);
        var monthOne = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "0001-01" }, HttpStatusCode.BadRequest);
        var early = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-07" }, HttpStatusCode.Conflict);
        var noTerms = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/settlements", new { month = "2026-06" }, HttpStatusCode.Conflict);
        var stored = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/settlement-terms", null, HttpStatusCode.OK, Roles.Finance);

        var fields = refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(["baseline", "capacityRatePerKwMonth", "clawbackPerKwMonth", "eventCap"], fields.Select(f => f.Split('.')[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.True(missing.GetProperty("errors").TryGetProperty("capacityRatePerKwMonth", out _));
        Assert.True(badDate.GetProperty("errors").TryGetProperty("effectiveFrom", out _));
        Assert.True(yearOne.GetProperty("errors").TryGetProperty("effectiveFrom", out _));
        Assert.True(nullSeason.GetProperty("errors").TryGetProperty("seasons[0]", out _));
        Assert.True(hugeWindow.GetProperty("errors").TryGetProperty("baseline.adjustment", out _));
        Assert.True(monthOne.GetProperty("errors").TryGetProperty("month", out _));
        Assert.Contains("not over yet", early.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("has no settlement terms", noTerms.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, stored.GetProperty("versions").GetArrayLength());
    }
}
