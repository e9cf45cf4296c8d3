using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Security;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;

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
        });
        await App.StartAsync();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

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
}
