using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Application.Settlement;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;
using Vpp.Functions.Settlement;
using Vpp.Infrastructure.Payments;
using Vpp.Infrastructure.Tables;
using Vpp.Infrastructure.Tests;
using Vpp.LocalHost.Hosting;

namespace Vpp.Benchmarks;

/// <summary>
/// settlement: last month's run for a program of <c>enrollments</c> water heaters (one customer each, 95 % with a
/// payout account) and <c>events</c> evening events that held them all, end to end on the local stack (Azurite, the
/// durable worker over its Azure Storage provider): statements computed in batches, the draft approved by the
/// benchmark, transfers through Stripe.net into the fake Stripe, exports written. Timed from the start of the
/// orchestration to its completion; the fake's transfers are counted by payout key, and the run's journal is checked.
/// </summary>
public static class SettlementBenchmark
{
    private const string ProgramId = "bench-settle";

    public static async Task<int> RunAsync(int enrollments, int events, int batchSize)
    {
        await using var stripe = await FakeStripe.StartAsync();
        using var stripeHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        // Unpaced against the fake, which has no rate limit: the run's own cost. Against Stripe, transfers are held to its
        // limits (StripeSettings.RequestsPerSecond), and 95,000 of them take over an hour at 20 a second.
        using var gateway = new StripePayoutGateway(new StripeSettings(FakeStripe.SecretKey, "usd", stripe.ApiBase, RequestsPerSecond: null), stripeHandler);
        await using var runner = await LocalRunner.StartAsync(new LocalRunnerOptions
        {
            Port = 0,
            RunTimers = false,
            ServiceOverrides = services => services
                .AddSingleton<IPayoutGateway>(gateway)
                .AddSingleton(new SettlementSettings { BatchSize = batchSize, PayoutConcurrency = 16 }),
        });
        var services = runner.Services;
        var program = new VppProgram(ProgramId, "Settlement benchmark", "America/Los_Angeles", 60);
        var zone = program.FindTimeZone();
        var today = LocalDays.DateOf(runner.Clock.GetUtcNow(), zone);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);

        var setup = Stopwatch.StartNew();
        await SeedAsync(services, program, month, enrollments, events);
        Console.WriteLine(FormattableString.Invariant($"seeded {enrollments} enrolments and {events} events of {month:yyyy-MM} in {setup.Elapsed.TotalSeconds:0.0} s"));

        var settlement = services.GetRequiredService<SettlementRunService>();
        var runs = services.GetRequiredService<ISettlementRunStore>();
        var durable = services.GetRequiredService<DurableTaskClient>();
        var (request, refusal) = await settlement.NextRunAsync(ProgramId, month, "benchmark", CancellationToken.None);
        if (request is null)
        {
            Console.Error.WriteLine(refusal);
            return 1;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var watch = Stopwatch.StartNew();
        await SettlementOrchestrations.StartAsync(durable, request, limit.Token);
        while ((await runs.FindAsync(ProgramId, month, request.Version, limit.Token))?.Status is not SettlementRunStatus.Draft)
        {
            await Task.Delay(200, limit.Token);
        }

        var drafted = watch.Elapsed;
        var (approved, why) = await settlement.DecideAsync(ProgramId, month, request.Version, approve: true, "benchmark", "benchmark approval", limit.Token);
        if (approved is null || why is not null)
        {
            Console.Error.WriteLine(why);
            return 1;
        }

        await SettlementOrchestrations.SignalAsync(durable, request.InstanceId, SettlementDecision.EventName, new SettlementDecision(true, "benchmark"), limit.Token);
        var done = await durable.WaitForInstanceCompletionAsync(request.InstanceId, getInputsAndOutputs: true, limit.Token);
        watch.Stop();

        var run = (await runs.FindAsync(ProgramId, month, request.Version, CancellationToken.None))!;
        var lines = await runs.ReadLinesAsync(run, string.Empty, null, null, CancellationToken.None);
        var journal = SettlementRunJournal.Of(run, lines);
        var approval = SettlementJournal.AtApproval(run.RunId, run.Version, month, [.. lines.Select(l => l.Statement)]);
        var balanced = run.Totals.Imbalance() is null && SettlementRunTotals.Of([.. lines.Select(l => l.Statement)], [.. lines.Select(l => l.Payout)], approval).Imbalance() is null
            && journal.Sum(e => e.Debit) == journal.Sum(e => e.Credit);
        var keys = stripe.Transfers.Select(t => t["metadata"]!["payout_key"]!.GetValue<string>()).ToList();
        var duplicates = keys.Count - keys.Distinct(StringComparer.Ordinal).Count();
        var paid = lines.Count(l => l.State == PayoutState.Paid);
        var exports = await services.GetRequiredService<ISettlementExports>().ListAsync(ProgramId, month, request.Version, CancellationToken.None);
        DateTimeOffset At(SettlementRunStatus status) => run.History.First(h => h.To == status).AtUtc;
        var phases = FormattableString.Invariant(
            $"compute_seconds={(At(SettlementRunStatus.Draft) - At(SettlementRunStatus.Computing)).TotalSeconds:0.0} pay_seconds={(At(SettlementRunStatus.PaidOut) - At(SettlementRunStatus.Approved)).TotalSeconds:0.0} export_seconds={(At(SettlementRunStatus.Completed) - At(SettlementRunStatus.PaidOut)).TotalSeconds:0.0}");
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT enrollments={enrollments} events={events} seconds={watch.Elapsed.TotalSeconds:0.0} statements_per_s={lines.Count / watch.Elapsed.TotalSeconds:0} draft_seconds={drafted.TotalSeconds:0.0} {phases} statements={lines.Count} transfers={stripe.Transfers.Count} duplicate_transfers={duplicates} carried={run.Totals.Carried:0.00} statements_total={run.Totals.Statements:0.00} journal_balanced={(balanced ? "true" : "false")} exports={exports.Count} outcome={done.ReadOutputAs<string>()}"));
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed && balanced && duplicates == 0 && paid == stripe.Transfers.Count && lines.Count == enrollments && exports.Count == 7 ? 0 : 1;
    }

    /// <summary>
    /// The program, its terms (10-in-10, $10/kW-month, $1/kWh, $5 minimum payout), its devices in its fleet and its
    /// customers' accounts, and the month's events with their reports: written in the stores' own row and blob formats,
    /// a hundred rows to a transaction (one request per device would take Azurite minutes).
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, VppProgram program, DateOnly month, int enrollments, int events)
    {
        await services.GetRequiredService<IProgramStore>().SaveAsync(program, CancellationToken.None);
        await services.GetRequiredService<ISettlementTermsStore>().SaveAsync(ProgramId,
            new SettlementTerms(new DateOnly(2026, 1, 1), 10m, 1m, BaselineRule.Default, MinimumPayout: 5m), CancellationToken.None);
        var tables = services.GetRequiredService<StorageTables>();
        var devices = Enumerable.Range(0, enrollments)
            .Select(i => new DeviceRegistration(FormattableString.Invariant($"wh-{i:000000}"), ProgramId, DeviceType.WaterHeater, new DeviceRatings { MaxImportKw = 4.5 },
                FormattableString.Invariant($"cust-{i:000000}"), EnrolledOn: new DateOnly(2026, 1, 1)))
            .ToList();
        var phase = Stopwatch.StartNew();
        var fleetRows = devices.Select(d => new TableEntity(TableShards.PartitionOf(ProgramId, d.DeviceId), d.DeviceId) { ["Registration"] = StoredJson.Write(d) });
        var accountRows = devices.Where((_, i) => i % 20 != 7)
            .Select(d => new TableEntity(TablePayoutAccountStore.PartitionOf(d.CustomerId!), d.CustomerId) { ["Account"] = "acct_" + d.CustomerId!.Replace("-", string.Empty, StringComparison.Ordinal) });
        var transactions = fleetRows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(TableRows.MaxBatchOperations)).Select(rows => (Table: tables.Fleet, Rows: rows))
            .Concat(accountRows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(TableRows.MaxBatchOperations)).Select(rows => (Table: tables.PayoutAccounts, Rows: rows)));
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (t, ct) => new ValueTask(t.Table.UpsertReplaceAllAsync(t.Rows, ct)));
        Console.WriteLine(FormattableString.Invariant($"seeded {enrollments} enrolments and accounts in {phase.Elapsed.TotalSeconds:0.0} s"));

        var zone = program.FindTimeZone();
        var eventStore = services.GetRequiredService<IDispatchEventStore>();
        var days = Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Select(month.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(events).ToList();
        foreach (var day in days)
        {
            var start = LocalDays.AtUtc(day.ToDateTime(TimeOnly.MinValue), new TimeOnly(17, 0), zone);
            var (dispatchEvent, _) = DispatchEvent.Create(FormattableString.Invariant($"bench-ev-{day:yyyyMMdd}"), ProgramId, DispatchEventKind.Reduce, start, start.AddHours(3), null,
                [DeviceType.WaterHeater], null, DispatchNotice.DayAhead, isTest: false, "bench", proposed: false, "benchmark", start.AddDays(-1));
            await eventStore.AddAsync(dispatchEvent!, CancellationToken.None);
            var report = new DispatchReport(dispatchEvent!.EventId, ProgramId, DispatchEventKind.Reduce, false, DispatchEventStatus.Completed, start, start.AddHours(3), null, 15,
                devices.Count, 0, 0, 0, 0, 0, 0, 0, [], [],
                [.. devices.Select(d => new DispatchReportDevice(d.DeviceId, d.CustomerId, DeviceType.WaterHeater, DispatchRole.Participant, true, null, null, 0, []))], start.AddHours(4));
            await tables.DispatchReports.UploadAsync($"{ProgramId}/{report.EventId}.json", JsonSerializer.SerializeToUtf8Bytes(report, StoredJson.Options), "application/json", CancellationToken.None);
        }
    }
}
