using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vpp.Application.Dispatch;
using Vpp.Application.Settlement;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Functions.Security;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;
using Vpp.Infrastructure.Tests;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

/// <summary>
/// A month's settlement run on the local host as its own process over a test-owned Azurite, paying through Stripe.net
/// into the fake Stripe in the test's process (which answers each transfer a second after making it). The host is
/// killed with SIGKILL while the run is being computed, while its draft waits for approval, and in the middle of its
/// payouts (transfers made whose answers it never read), and started again each time. The run completes once, every
/// move in its history once, and the fake holds exactly one transfer per customer.
/// </summary>
public sealed class SettlementCrashTests : IAsyncLifetime
{
    private const string ProgramId = "settle-crash";
    private const int Customers = 6;
    private static readonly DateOnly Month = new(2026, 11, 1);
    private readonly string state = Directory.CreateTempSubdirectory("vpp-settlement-crash-").FullName;
    private readonly HttpClient http = new();
    private AzuriteProcess? azurite;
    private FakeStripe? stripe;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync(Path.Combine(state, "azurite"));
        stripe = await FakeStripe.StartAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (stripe is not null)
        {
            await stripe.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_run_whose_host_is_killed_at_each_step_completes_once_and_pays_each_customer_once()
    {
        var secrets = LocalSecrets.LoadOrCreate(state);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secrets.MintToken(Roles.ProgramManager, "crash-test", TimeSpan.FromHours(1)));
        var tables = new StorageTables(StorageAccount.FromConnectionString(azurite!.ConnectionString));
        var host = await StartHostAsync();
        try
        {
            await SetUpAsync(host.Api, tables);
            stripe!.Delay = TimeSpan.FromSeconds(1);
            using (var started = await http.PostAsJsonAsync(new Uri(host.Api, $"programs/{ProgramId}/settlements"), new { month = "2026-11" }))
            {
                Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
            }

            // Killed while the run is computing (its orchestration just started), then while its draft waits.
            LocalHostProcess.Kill(host.Process);
            host = await StartHostAsync();
            await Eventually.ReachAsync(() => StatusAsync(host.Api), s => s == "draft", TimeSpan.FromMinutes(2));
            LocalHostProcess.Kill(host.Process);
            host = await StartHostAsync();
            using (var approved = await http.PostAsJsonAsync(new Uri(host.Api, $"programs/{ProgramId}/settlements/2026-11/approve"), new { version = 1 }))
            {
                Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
            }

            // Killed with some transfers made, at least one of them not yet answered.
            await Eventually.ReachAsync(() => Task.FromResult(stripe.Transfers.Count), n => n >= 1, TimeSpan.FromMinutes(2));
            LocalHostProcess.Kill(host.Process);
            Assert.InRange(stripe.Transfers.Count, 1, Customers - 1);
            host = await StartHostAsync();
            var completed = await Eventually.ReachAsync(() => RunAsync(host.Api), r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() == "completed", TimeSpan.FromMinutes(3));

            var moves = completed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
            Assert.Equal(["computing", "draft", "approved", "paid-out", "completed"], moves);
            Assert.Equal(Customers, stripe.Transfers.Count);
            Assert.Equal(Customers, stripe.Transfers.Select(t => t["destination"]!.GetValue<string>()).Distinct().Count());
            Assert.All(stripe.Transfers, t => Assert.Equal(2250L, t["amount"]!.GetValue<long>()));
            Assert.True(stripe.IdempotencyKeys.Count > Customers, "the killed payouts were tried again, under the same keys");
            Assert.Empty(stripe.Violations);
            var store = new TableSettlementRunStore(tables);
            var lines = await store.ReadLinesAsync((await store.FindAsync(ProgramId, Month, 1, CancellationToken.None))!, string.Empty, null, null, CancellationToken.None);
            Assert.All(lines, l => Assert.Equal(PayoutState.Paid, l.State));
            Assert.Equal(stripe.Transfers.Select(t => t["id"]!.GetValue<string>()).Order(), lines.Select(l => l.TransferId!).Order());
            Assert.Empty(completed.GetProperty("failedPayouts").EnumerateArray());
        }
        finally
        {
            LocalHostProcess.Kill(host.Process);
        }
    }

    /// <summary>
    /// A program whose six customers each have a water heater enrolled since January, paid for availability alone
    /// ($10/kW-month on half its 4.5 kW): an event on 17 November for which none of them reported anything.
    /// </summary>
    private async Task SetUpAsync(Uri api, StorageTables tables)
    {
        using (var program = await http.PutAsJsonAsync(new Uri(api, $"programs/{ProgramId}"), new { name = "Crash", timeZone = "America/Los_Angeles" }))
        {
            program.EnsureSuccessStatusCode();
        }

        using (var terms = await http.PutAsJsonAsync(new Uri(api, $"programs/{ProgramId}/settlement-terms/2026-01-01"), new { capacityRatePerKwMonth = 10, energyRatePerKwh = 1 }))
        {
            Assert.True(terms.IsSuccessStatusCode, await terms.Content.ReadAsStringAsync());
        }

        var fleet = new TableFleetStore(tables);
        var accounts = new TablePayoutAccountStore(tables);
        var devices = Enumerable.Range(0, Customers).Select(i => new DeviceRegistration($"crash-wh-{i}", ProgramId, DeviceType.WaterHeater, new DeviceRatings { MaxImportKw = 4.5 },
            $"crash-cust-{i}", EnrolledOn: new DateOnly(2026, 1, 1))).ToList();
        foreach (var device in devices)
        {
            await fleet.SaveAsync(device, CancellationToken.None);
            await accounts.SaveAsync(device.CustomerId!, $"acct_crash{device.DeviceId[^1]}", CancellationToken.None);
        }

        var start = DispatchEventBuilder.Local(2026, 11, 17, 17, 0);
        var dispatchEvent = new DispatchEventBuilder().Id("crash-ev").Program(ProgramId).Window(start, start.AddHours(2)).Types(DeviceType.WaterHeater).Build();
        Assert.True(await new TableDispatchEventStore(tables).AddAsync(dispatchEvent, CancellationToken.None));
        await new BlobDispatchReportStore(tables).SaveAsync(new DispatchReport(dispatchEvent.EventId, ProgramId, DispatchEventKind.Reduce, false, DispatchEventStatus.Completed,
            start, start.AddHours(2), 5, 15, Customers, 0, 0, 0, 0, 0, 0, 0, [], [],
            [.. devices.Select(d => new DispatchReportDevice(d.DeviceId, d.CustomerId, DeviceType.WaterHeater, DispatchRole.Participant, true, null, null, 0, []))], start.AddHours(3)), CancellationToken.None);
    }

    private async Task<string?> StatusAsync(Uri api) =>
        await RunAsync(api) is { ValueKind: JsonValueKind.Object } read ? read.GetProperty("status").GetString() : null;

    private async Task<JsonElement> RunAsync(Uri api)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(api, $"programs/{ProgramId}/settlements/2026-11"));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }
        catch (HttpRequestException)
        {
            return default;
        }
    }

    /// <summary>Starts the local host (no simulator) on the test's Azurite, paying into the fake Stripe, and waits until it answers.</summary>
    private Task<(Process Process, Uri Api)> StartHostAsync() =>
        LocalHostProcess.StartAsync(http, azurite!.ConnectionString, state, [],
            new Dictionary<string, string>
            {
                ["Stripe__SecretKey"] = FakeStripe.SecretKey,
                ["Stripe__ApiBase"] = stripe!.ApiBase.ToString(),
                ["Settlement__BatchSize"] = "2",
                ["Settlement__PayoutConcurrency"] = "1",
            });
}
