using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Functions.Security;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Storage;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Devices;
using Vpp.LocalHost.Durable;
using Vpp.LocalHost.Triggers;
using Vpp.LocalHost.Weather;

namespace Vpp.LocalHost.Hosting;

/// <summary>
/// The whole product on one machine: Azurite, the main app's functions served in-process on the public port (HTTP
/// routes and timers from their attributes), its durable orchestrations on the local durable stack over Azurite,
/// ingestion fed from the local Event Hub, and the local hub's device endpoints.
/// </summary>
public sealed class LocalRunner : IAsyncDisposable
{
    public const string LocalHubHostName = "localhub.azure-devices.net";

    private const string PortalPath = "/portal";

    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> drivers = [];
    private readonly HttpClient weatherHttp = new();
    private AzuriteProcess? azurite;
    private AzuriteProcess? telemetryAzurite;
    private WebApplication? app;
    private bool servesPortal;

    private LocalRunner(LocalRunnerOptions options)
    {
        Options = options;
        Clock = new ScaledTimeProvider(options.ClockOrigin ?? TimeProvider.System.GetUtcNow(), options.Speed, wallStart: options.ClockWallStart);
        EventHub = new LocalEventHub(capacityPerPartition: options.EventHubCapacityPerPartition);
    }

    public LocalRunnerOptions Options { get; }

    public ScaledTimeProvider Clock { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The program managers' portal, when it was built (<c>portal/dist</c>).</summary>
    public Uri? PortalUri { get; private set; }

    /// <summary>The storage connection string the stack runs on.</summary>
    public string Storage { get; private set; } = null!;

    /// <summary>The telemetry ledger's storage account (ADR 0032), or null when it shares <see cref="Storage"/>.</summary>
    public string? TelemetryStorage { get; private set; }

    public LocalEventHub EventHub { get; }

    public EventHubTriggerDriver? Ingestion { get; private set; }

    /// <summary>The default program's weather provider; null when timers are off.</summary>
    public SimulatedWeatherFeed? WeatherFeed { get; private set; }

    public IServiceProvider Services => app!.Services;

    /// <summary>Runs the main app's timer functions on demand (tests, benchmarks).</summary>
    public FunctionInvoker Functions => Services.GetRequiredService<FunctionInvoker>();

    public static async Task<LocalRunner> StartAsync(LocalRunnerOptions options, CancellationToken cancellationToken = default)
    {
        var stack = new LocalRunner(options);
        try
        {
            await stack.StartCoreAsync(cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bearer token the stack accepts, for the given role.</summary>
    public string MintToken(string role, string subject = "local-user") => Options.Secrets.MintToken(role, subject, TimeSpan.FromHours(12));

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        TelemetryStorage = Options.TelemetryStorage;
        if (Options.Storage is { } shared)
        {
            Storage = shared;
        }
        else
        {
            // The telemetry ledger gets an account (an Azurite process) of its own, as in Azure (ADR 0032).
            var main = AzuriteProcess.StartAsync(StateOf("azurite"), cancellationToken);
            var telemetry = TelemetryStorage is null ? AzuriteProcess.StartAsync(StateOf("azurite-telemetry"), cancellationToken) : null;
            var both = telemetry is null ? Task.WhenAll(main) : Task.WhenAll(main, telemetry);
            try
            {
                await both;
            }
            catch when (both.Exception is { InnerExceptions.Count: > 1 } failures)
            {
                // Neither started: say why for both, not only for whichever was awaited last.
                throw failures;
            }
            finally
            {
                // Whichever did start is kept, so that disposing the stack stops it when the other failed.
                azurite = main.IsCompletedSuccessfully ? main.Result : null;
                telemetryAzurite = telemetry is { IsCompletedSuccessfully: true } ? telemetry.Result : null;
            }

            Storage = azurite!.ConnectionString;
            TelemetryStorage ??= telemetryAzurite!.ConnectionString;
        }

        app = LocalFunctionsApp.Build(builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = Storage,
                [StorageAccount.TelemetrySettingName] = TelemetryStorage,
                ["Auth:SigningKey"] = Options.Secrets.SigningKey,
            });
            builder.WebHost.UseUrls($"http://127.0.0.1:{Options.Port}");
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Services.AddSingleton(new Vpp.Domain.Dispatch.DispatchTimeline(Clock.WallStart, Clock.Origin, Clock.Speed));
            builder.Services.AddLocalDurableTask(Storage);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }, Options.ServiceOverrides);
        app.MapGet("/", () => Results.Json(new
        {
            product = "VppServerless local stack",
            api = new Uri(BaseUri, "api/"),
            openApi = new Uri(BaseUri, "api/openapi/v1.json"),
            deviceHub = new Uri(BaseUri, "devices/"),
            portal = PortalUri,
            defaultProgram = Options.DefaultProgramId,
            clock = Clock.GetUtcNow(),
            speed = Clock.Speed,
        })).ExcludeFromDescription();
        MapPortal(app);
        var sas = new DeviceSasValidator(LocalHubHostName, Options.Secrets.EnrollmentGroupKey, TimeProvider.System);
        app.MapDeviceEndpoints(EventHub, (LocalDeviceHub)app.Services.GetRequiredService<IDeviceHub>(), app.Services.GetRequiredService<TwinChangeFeed>(), sas, Clock);
        await app.StartAsync(cancellationToken);
        BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
        PortalUri = servesPortal ? new Uri(BaseUri, PortalPath.TrimStart('/') + "/") : null;

        await SeedDefaultProgramAsync(cancellationToken);
        StartTriggers();
        if (Options.RunTimers)
        {
            WeatherFeed = new SimulatedWeatherFeed(
                weatherHttp, BaseUri, () => MintToken(Roles.ProgramManager, "local-weather-feed"), Clock, Options.DefaultProgramId,
                TimeZoneInfo.FindSystemTimeZoneById(Options.DefaultProgramTimeZone), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalHost.Weather"));
            drivers.Add(WeatherFeed.RunAsync(stopping.Token));
        }
    }

    /// <summary>
    /// The portal's static files and its configuration (the API it calls, the program it opens on). The files are public,
    /// as a static web app's are; everything they show comes from the API, which asks for a token (ADR 0035).
    /// </summary>
    private void MapPortal(WebApplication web)
    {
        if (Options.PortalDirectory is not { } directory || !File.Exists(Path.Combine(directory, "index.html")))
        {
            return;
        }

        web.MapGet(PortalPath + "/config.json", () => Results.Json(new { apiBase = "/api/", defaultProgram = Options.DefaultProgramId })).ExcludeFromDescription();
        var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetFullPath(directory));
        web.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = PortalPath });
        web.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = PortalPath });
        servesPortal = true;
    }

    private string? StateOf(string name) => Options.StateDirectory is null ? null : Path.Combine(Options.StateDirectory, name);

    private async Task SeedDefaultProgramAsync(CancellationToken cancellationToken)
    {
        var programs = app!.Services.GetRequiredService<IProgramStore>();
        if (await programs.FindAsync(Options.DefaultProgramId, cancellationToken) is null)
        {
            await programs.SaveAsync(new VppProgram(Options.DefaultProgramId, "Demo program", Options.DefaultProgramTimeZone, Options.DefaultProgramIntervalSeconds, AutonomousScheduling: true), cancellationToken);
        }

        // Settlement terms, so that a month of the demo settles (the timer, or POST /api/programs/demo/settlements).
        var terms = app.Services.GetRequiredService<Vpp.Application.Settlement.ISettlementTermsStore>();
        if ((await terms.ListAsync(Options.DefaultProgramId, cancellationToken)).Count == 0)
        {
            await terms.SaveAsync(Options.DefaultProgramId, new Vpp.Domain.Settlement.SettlementTerms(new DateOnly(2026, 1, 1), 10m, 1m, Vpp.Domain.Settlement.BaselineRule.Default, MinimumPayout: 5m),
                cancellationToken);
        }
    }

    private void StartTriggers()
    {
        var logger = app!.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalHost.Triggers");
        var ingestion = app.Services.GetRequiredService<TelemetryIngestion>();
        Ingestion = new EventHubTriggerDriver(EventHub, EventHubBatchSettings.Load(Options.IngestionHostJson), (events, ct) => ingestion.IngestAsync(events, ct), logger);
        drivers.Add(Ingestion.RunAsync(stopping.Token));
        if (Options.RunTimers)
        {
            foreach (var (function, trigger) in Functions.Catalog.Timers)
            {
                drivers.Add(new TimerTriggerDriver(function.Name, trigger, Functions, Clock, logger).RunAsync(stopping.Token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(drivers).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Drivers stop at their next await; nothing to keep.
        }

        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        if (telemetryAzurite is not null)
        {
            await telemetryAzurite.DisposeAsync();
        }

        weatherHttp.Dispose();
        stopping.Dispose();
    }
}
