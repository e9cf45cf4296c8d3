using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vpp.Application.Devices;
using Vpp.Application.Programs;
using Vpp.Functions;
using Vpp.Functions.Security;
using Vpp.Infrastructure.DeviceHub;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Devices;
using Vpp.LocalHost.Triggers;
using Vpp.LocalHost.Weather;

namespace Vpp.LocalHost.Hosting;

/// <summary>
/// The whole product on one machine: Azurite, the custom handler, the public endpoint (forwarded API and the
/// local hub's device endpoints) and the trigger drivers that play the Functions host from the same function.json files.
/// </summary>
public sealed class LocalRunner : IAsyncDisposable
{
    public const string LocalHubHostName = "localhub.azure-devices.net";

    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> drivers = [];
    private readonly HttpClient weatherHttp = new();
    private AzuriteProcess? azurite;
    private WebApplication? handler;
    private WebApplication? front;

    private LocalRunner(LocalRunnerOptions options)
    {
        Options = options;
        Clock = new ScaledTimeProvider(options.ClockOrigin ?? TimeProvider.System.GetUtcNow(), options.Speed);
        EventHub = new LocalEventHub(capacityPerPartition: options.EventHubCapacityPerPartition);
    }

    public LocalRunnerOptions Options { get; }

    public ScaledTimeProvider Clock { get; }

    public Uri BaseUri { get; private set; } = null!;

    public Uri HandlerUri { get; private set; } = null!;

    /// <summary>The storage connection string the stack runs on.</summary>
    public string Storage { get; private set; } = null!;

    public LocalEventHub EventHub { get; }

    public IReadOnlyList<EventHubTriggerDriver> EventHubDrivers { get; private set; } = [];

    /// <summary>The default program's weather provider; null when timers are off.</summary>
    public SimulatedWeatherFeed? WeatherFeed { get; private set; }

    public IServiceProvider Services => handler!.Services;

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
        if (Options.Storage is { } shared)
        {
            Storage = shared;
        }
        else
        {
            azurite = await AzuriteProcess.StartAsync(Options.StateDirectory is null ? null : Path.Combine(Options.StateDirectory, "azurite"), cancellationToken);
            Storage = azurite.ConnectionString;
        }

        var handlerPort = AzuriteProcess.FreePort();
        handler = HandlerApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = handlerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AzureWebJobsStorage"] = Storage,
                ["Auth:SigningKey"] = Options.Secrets.SigningKey,
            });
            builder.WebHost.UseUrls($"http://127.0.0.1:{handlerPort}");
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await handler.StartAsync(cancellationToken);
        HandlerUri = new Uri($"http://127.0.0.1:{handlerPort}/");

        await SeedDefaultProgramAsync(cancellationToken);
        await StartFrontAsync(cancellationToken);
        StartTriggers();
        if (Options.RunTimers)
        {
            WeatherFeed = new SimulatedWeatherFeed(
                weatherHttp, BaseUri, () => MintToken(Roles.ProgramManager, "local-weather-feed"), Clock, Options.DefaultProgramId,
                TimeZoneInfo.FindSystemTimeZoneById(Options.DefaultProgramTimeZone), handler!.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalHost.Weather"));
            drivers.Add(WeatherFeed.RunAsync(stopping.Token));
        }
    }

    private async Task SeedDefaultProgramAsync(CancellationToken cancellationToken)
    {
        var programs = handler!.Services.GetRequiredService<IProgramStore>();
        if (await programs.FindAsync(Options.DefaultProgramId, cancellationToken) is null)
        {
            await programs.SaveAsync(new VppProgram(Options.DefaultProgramId, "Demo program", Options.DefaultProgramTimeZone, Options.DefaultProgramIntervalSeconds, AutonomousScheduling: true), cancellationToken);
        }
    }

    private async Task StartFrontAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Options.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHttpClient("forward").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        front = builder.Build();

        var forwardClient = front.Services.GetRequiredService<IHttpClientFactory>().CreateClient("forward");
        front.Map("/api/{**path}", (HttpContext context) => ForwardAsync(context, forwardClient));
        front.MapGet("/", () => Results.Json(new
        {
            product = "VppServerless local stack",
            api = new Uri(BaseUri, "api/"),
            openApi = new Uri(BaseUri, "api/openapi/v1.json"),
            deviceHub = new Uri(BaseUri, "devices/"),
            defaultProgram = Options.DefaultProgramId,
            clock = Clock.GetUtcNow(),
            speed = Clock.Speed,
        }));

        var sas = new DeviceSasValidator(LocalHubHostName, Options.Secrets.EnrollmentGroupKey, TimeProvider.System);
        var twins = (LocalDeviceHub)handler!.Services.GetRequiredService<IDeviceHub>();
        front.MapDeviceEndpoints(EventHub, twins, handler.Services.GetRequiredService<TwinChangeFeed>(), sas, Clock);
        await front.StartAsync(cancellationToken);
        BaseUri = new Uri(front.Urls.First().TrimEnd('/') + "/");
    }

    private void StartTriggers()
    {
        var catalog = FunctionCatalog.Load(Options.FunctionAppRoot);
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var invoker = new HandlerInvoker(http, HandlerUri, Clock);
        var logger = handler!.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalHost.Triggers");
        var eventHubDrivers = new List<EventHubTriggerDriver>();
        foreach (var function in catalog.Functions)
        {
            switch (function.TriggerType)
            {
                case "eventHubTrigger":
                    var driver = new EventHubTriggerDriver(function, catalog, EventHub, invoker, logger);
                    eventHubDrivers.Add(driver);
                    drivers.Add(driver.RunAsync(stopping.Token));
                    break;
                case "timerTrigger" when Options.RunTimers:
                    drivers.Add(new TimerTriggerDriver(function, invoker, Clock, logger).RunAsync(stopping.Token));
                    break;
            }
        }

        EventHubDrivers = eventHubDrivers;
    }

    /// <summary>
    /// Forwards a public /api request to the handler. The path is sent as Kestrel decoded it, each segment escaped again,
    /// so what a client encoded reaches the route as data; a segment that still encodes a separator or a dot segment
    /// (double encoding: <c>%252e%252e</c>) is refused outright, and the Functions host's own headers are never
    /// forwarded: no public request can reach a trigger endpoint.
    /// </summary>
    private async Task ForwardAsync(HttpContext context, HttpClient client)
    {
        var segments = context.Request.Path.Value!.TrimStart('/').Split('/');
        if (segments.Any(IsSuspicious))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(
                new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.1", title = "Bad request path", status = 400, detail = "path segments may not encode '/', '\\', '?', '#' or '.' and '..' segments" },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
            return;
        }

        var target = new Uri(HandlerUri, string.Join('/', segments.Select(Uri.EscapeDataString)) + context.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Azure-Functions-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
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

        if (front is not null)
        {
            await front.StopAsync();
            await front.DisposeAsync();
        }

        if (handler is not null)
        {
            await handler.StopAsync();
            await handler.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        weatherHttp.Dispose();
        stopping.Dispose();
    }

    /// <summary>A segment that, decoded once more, would be a dot segment or hold a separator.</summary>
    private static bool IsSuspicious(string segment)
    {
        var decoded = Uri.UnescapeDataString(segment);
        return decoded is "." or ".." || decoded.IndexOfAny(['/', '\\', '?', '#']) >= 0;
    }
}
