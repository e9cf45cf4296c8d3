using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vpp.Application.Tests;
using Vpp.Functions.Security;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;
using Vpp.LocalHost.Triggers;

namespace Vpp.Functions.Tests;

/// <summary>
/// The main app's functions served in-process on a real Kestrel port, and the ingestion custom handler on another,
/// over one real Azurite, trusting two issuers: its own development key and an OpenID Connect authority standing in
/// for Entra ID.
/// </summary>
public sealed class HandlerFixture : IAsyncLifetime
{
    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    private AzuriteProcess? azurite;
    private FakeOidcAuthority? entra;

    public WebApplication App { get; private set; } = null!;

    /// <summary>The ingestion app, called as the Functions host calls a custom handler.</summary>
    public WebApplication IngestionApp { get; private set; } = null!;

    public HttpClient Ingestion { get; } = new();

    public FakeOidcAuthority Entra => entra!;

    public HttpClient Http { get; } = new();

    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync();
        entra = await FakeOidcAuthority.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Auth:SigningKey"] = Convert.ToBase64String(signingKey),
            ["Auth:Authority"] = Entra.Authority,
        };
        var port = AzuriteProcess.FreePort();
        App = LocalFunctionsApp.Build(builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Services.AddVppInMemoryDurableTask();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await App.StartAsync();
        Http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");

        var ingestionPort = AzuriteProcess.FreePort();
        IngestionApp = Vpp.Ingestion.IngestionApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls($"http://127.0.0.1:{ingestionPort}");
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await IngestionApp.StartAsync();
        Ingestion.BaseAddress = new Uri($"http://127.0.0.1:{ingestionPort}/");
    }

    /// <summary>Runs a timer function as its schedule would, now.</summary>
    public Task InvokeTimerAsync(string function)
    {
        var now = Clock.GetUtcNow();
        return App.Services.GetRequiredService<FunctionInvoker>().InvokeAsync(function, FunctionInvoker.Timer(now, now.AddMinutes(1), now, null), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await IngestionApp.DisposeAsync();
        if (entra is not null)
        {
            await entra.DisposeAsync();
        }
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        Http.Dispose();
        Ingestion.Dispose();
    }

    public string Token(string role, TimeSpan? lifetime = null, byte[]? key = null, DateTimeOffset? issued = null, string? subject = null) =>
        DevelopmentTokens.Mint(key ?? signingKey, "vpp-local-dev", "vpp-api", subject ?? "test-" + role, [role], issued ?? TimeProvider.System.GetUtcNow(), lifetime ?? TimeSpan.FromHours(1));

    /// <summary>A correctly signed, current development token that names no subject at all.</summary>
    public string TokenWithoutSubject(string role) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "vpp-local-dev",
            Audience = "vpp-api",
            Expires = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(1), // lifetimes are judged by real time
            Claims = new Dictionary<string, object> { ["roles"] = new[] { role } },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A request with a bearer token for <paramref name="role"/> (none without one), minted for <paramref name="subject"/> when given.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, string? role = null, HttpContent? content = null, string? subject = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject: subject));
        }

        return request;
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
