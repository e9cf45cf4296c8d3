using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Application.Tests;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Security;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;
using Vpp.TestSupport.Faults;

namespace Vpp.Functions.Tests;

/// <summary>
/// The main app over a real Azurite with the durable stack in process and a fast clock: the product's time runs
/// <see cref="Speed"/> times the wall clock's, from <see cref="Origin"/>, so an event's evening passes in a minute
/// while its orchestration keeps real durable timers.
/// </summary>
public class DispatchStackFixture : IAsyncLifetime
{
    public const double Speed = 60;

    /// <summary>A summer afternoon in Los Angeles (23:50 UTC is 16:50 PDT).</summary>
    public static readonly DateTimeOffset Origin = new(2026, 7, 14, 23, 50, 0, TimeSpan.Zero);

    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    private AzuriteProcess? azurite;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public ScaledTimeProvider Clock { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        Clock = new ScaledTimeProvider(Origin, Speed);
        var port = AzuriteProcess.FreePort();
        App = LocalFunctionsApp.Build(builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Auth:SigningKey"] = Convert.ToBase64String(signingKey),
                ["Dispatch:ReleaseWindowMinutes"] = "2",
            });
            builder.Configuration.AddInMemoryCollection(Settings());
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Services.AddSingleton(new DispatchTimeline(Clock.WallStart, Clock.Origin, Clock.Speed));
            builder.Services.AddVppInMemoryDurableTask();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }, ReplaceServices);
        await App.StartAsync();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The faults a test picks in the calls to <typeparamref name="TPort"/>, when a fixture put it behind them (<see cref="PutBehindFaults{TPort}"/>).</summary>
    public FaultyCalls<TPort> FaultsOf<TPort>()
        where TPort : class => (FaultyCalls<TPort>)(object)App.Services.GetRequiredService<TPort>();

    /// <summary>Registrations a fixture built on this one puts in place of the app's own.</summary>
    protected virtual void ReplaceServices(IServiceCollection services)
    {
    }

    /// <summary>The app's <typeparamref name="TPort"/>, as it registered it, behind faults a test picks.</summary>
    protected static void PutBehindFaults<TPort>(IServiceCollection services)
        where TPort : class => FaultyPorts.Replace<TPort>(services);

    /// <summary>What a fixture built on this one adds to the app's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        Http.Dispose();
    }

    /// <summary>A request with a bearer token for <paramref name="role"/> (none without one), minted for <paramref name="subject"/> when given.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, string? role, HttpContent? content = null, string? subject = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                DevelopmentTokens.Mint(signingKey, "vpp-local-dev", "vpp-api", subject ?? "test-" + role, [role], TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1)));
        }

        return request;
    }

    /// <summary>A program on Los Angeles time with home batteries (5 kW, 13.5 kWh) enrolled in it and registered with the hub.</summary>
    public async Task EnrolBatteriesAsync(string programId, IReadOnlyList<string> deviceIds, Func<string, string> customerOf)
    {
        var services = App.Services;
        await services.GetRequiredService<IProgramStore>().SaveAsync(new VppProgram(programId, "Evening peaks", "America/Los_Angeles", 60), CancellationToken.None);
        foreach (var id in deviceIds)
        {
            var registration = new DeviceRegistration(id, programId, DeviceType.Battery,
                new DeviceRatings { MaxImportKw = 5, MaxExportKw = 5, EnergyCapacityKwh = 13.5, BackupReservePct = 20, RoundTripEfficiency = 0.9 }, customerOf(id));
            await services.GetRequiredService<IDeviceRegistry>().SaveAsync(registration, CancellationToken.None);
            await services.GetRequiredService<IDeviceHub>().RegisterAsync(id, new System.Text.Json.Nodes.JsonObject { ["programId"] = programId }, CancellationToken.None);
        }
    }

    /// <summary>Batteries enrolled in the program that report each product minute and follow their twins until <paramref name="stop"/>; their first reports are in.</summary>
    internal async Task<(FollowingBatteries Batteries, Task Reporting)> ReportingBatteriesAsync(string programId, IReadOnlyList<string> deviceIds, Func<string, string> customerOf, CancellationToken stop)
    {
        await EnrolBatteriesAsync(programId, deviceIds, customerOf);
        var batteries = new FollowingBatteries(App.Services, deviceIds);
        var reporting = batteries.RunAsync(Clock, stop);
        await batteries.FirstReportsAsync(TimeSpan.FromSeconds(30));
        return (batteries, reporting);
    }

    /// <summary>
    /// Waits (a minute at most) for the event's orchestration to end, lets the batteries read their last commands for two
    /// seconds, stops them, and returns the instance and its history, saved as <paramref name="name"/> when asked.
    /// </summary>
    internal async Task<(OrchestrationMetadata Instance, RecordedHistory History)> FinishedAsync(string eventId, CancellationTokenSource stop, Task reporting, string name)
    {
        using var finishing = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instance = await App.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(eventId, getInputsAndOutputs: true, finishing.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await reporting;
        var history = App.Services.GetRequiredService<OrchestrationRecorder>().Finished(eventId);
        history.SaveWhenAsked(name);
        return (instance, history);
    }

    /// <summary>
    /// A reduction by the program's batteries on immediate notice, from <paramref name="startsInMinutes"/> product minutes
    /// from now (on the minute) for <paramref name="lastsMinutes"/>; its id and its local start.
    /// </summary>
    public async Task<(string EventId, DateTime LocalStart)> CreateEventSoonAsync(string programId, int startsInMinutes, int lastsMinutes, double targetKw)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var now = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), zone).DateTime;
        var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Unspecified).AddMinutes(startsInMinutes);
        var created = await SendAsync(HttpMethod.Post, $"api/programs/{programId}/events",
            new { kind = "reduce", start = LocalText(start), end = LocalText(start.AddMinutes(lastsMinutes)), targetKw, deviceTypes = new[] { "battery" }, notice = "immediate" },
            HttpStatusCode.Created, Roles.ProgramManager);
        return (created.GetProperty("eventId").GetString()!, start);
    }

    /// <summary>A local time as the API takes it.</summary>
    public static string LocalText(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends the request and reads its JSON answer (none when empty), failing with what came back when its status is not <paramref name="expected"/>.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string? role, string? subject = null)
    {
        using var response = await Http.SendAsync(Request(method, path, role, body is null ? null : JsonContent.Create(body), subject));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Reads the event until it gets where <paramref name="reached"/> says, failing with it and its orchestration after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> UntilAsync(string programId, string eventId, Func<JsonElement, bool> reached, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var read = await SendAsync(HttpMethod.Get, $"api/programs/{programId}/events/{eventId}", null, HttpStatusCode.OK, Roles.ProgramManager);
            if (reached(read))
            {
                return read;
            }

            if (waited.Elapsed >= timeout)
            {
                var instance = await App.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(eventId, getInputsAndOutputs: true);
                Assert.Fail($"event {eventId} did not get there in {timeout}: {read}; orchestration: {instance?.RuntimeStatus} {instance?.FailureDetails?.ErrorMessage} {instance?.FailureDetails?.StackTrace} {instance?.SerializedOutput}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// A manager's change to a running event (<paramref name="path"/> under the event): one that meets the orchestration
    /// moving the event on is refused (409: read it again) and is sent again.
    /// </summary>
    public async Task ChangeEventAsync(HttpMethod method, string programId, string eventId, string path, object? change)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await Http.SendAsync(Request(method, $"api/programs/{programId}/events/{eventId}{path}", Roles.ProgramManager, change is null ? null : JsonContent.Create(change)));
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 10)
            {
                Assert.True(response.IsSuccessStatusCode, $"{method} {eventId}{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }
        }
    }
}
