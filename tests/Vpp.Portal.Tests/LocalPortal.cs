using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vpp.Application.Settlement;
using Vpp.LocalHost.Hosting;
using Vpp.TestSupport.Faults;

namespace Vpp.Portal.Tests;

/// <summary>
/// The local stack with a small simulated fleet, its portal, and Debian's Chromium driven by Playwright: what a program
/// manager gets from the README's first command, shared by the tests of one class and stopped after them.
/// </summary>
public sealed class LocalPortal : IAsyncLifetime
{
    public const int Devices = 12;

    // The flags this machine's Chromium needs headless as root, and without its background calls to Google's hosts.
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private SimulatorProcess? simulator;
    private IPlaywright? playwright;

    public LocalRunner Runner { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The faults a test picks in the run store's calls; none until one sets them.</summary>
    public FaultyCalls<ISettlementRunStore> RunStoreFaults => (FaultyCalls<ISettlementRunStore>)(object)Runner.Services.GetRequiredService<ISettlementRunStore>();

    public Uri Portal => Runner.PortalUri ?? throw new InvalidOperationException("the local stack serves no portal: portal/dist was not built");

    public async Task InitializeAsync()
    {
        // Speed 30: a device's one-minute report comes every two seconds of the test's time.
        // The run store behind faults a test picks: a run whose step fails for good, as storage can.
        Runner = await LocalRunner.StartAsync(new LocalRunnerOptions
        {
            Port = 0,
            Speed = 30,
            DefaultProgramIntervalSeconds = 60,
            ServiceOverrides = FaultyPorts.Replace<ISettlementRunStore>,
        });
        simulator = await SimulatorProcess.StartAsync(Runner, new SimulatorArguments(Devices, 60, 11), CancellationToken.None);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A fresh browser tab with nobody signed in.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A tab signed in through the link the local stack prints (the token rides in the URL fragment), on the default
    /// program or <paramref name="programId"/>.
    /// </summary>
    public async Task<IPage> SignedInAsync(string role, string route = "fleet", string? programId = null)
    {
        var page = await NewPageAsync();
        var portal = programId is null ? $"{Portal}" : $"{Portal}?program={programId}";
        await page.GotoAsync($"{portal}#token={Runner.MintToken(role, $"portal-{role}")}");
        if (route != "fleet")
        {
            await page.GotoAsync($"{portal}#/{route}");
        }

        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }

        // Null when the stack itself failed to start.
        if (Runner is not null)
        {
            await Runner.DisposeAsync();
        }
    }
}
