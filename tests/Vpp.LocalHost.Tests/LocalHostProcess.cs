using System.Diagnostics;
using System.Globalization;

namespace Vpp.LocalHost.Tests;

/// <summary>The local host as its own process, for tests that kill it: started on a free port, waited for until it answers.</summary>
public static class LocalHostProcess
{
    /// <summary>
    /// Starts <c>Vpp.LocalHost</c> (no simulator) on <paramref name="storage"/> with <paramref name="state"/> as its state
    /// directory, the extra arguments and environment given; returns it and its API root once it answers.
    /// </summary>
    public static async Task<(Process Process, Uri Api)> StartAsync(
        HttpClient http, string storage, string state, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var port = Azurite.AzuriteProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Vpp.LocalHost.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--no-sim", "--storage", storage, "--state-dir", state }
                     .Concat(arguments ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var root = new Uri($"http://127.0.0.1:{port}/");
        var ready = await Eventually.ReachAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(root);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, up => up || process.HasExited, TimeSpan.FromSeconds(90));
        Assert.True(ready, "the local host did not come up");
        return (process, new Uri(root, "api/"));
    }

    /// <summary>SIGKILL: no shutdown, no flush, no lease released; then waits for it to be gone.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}
