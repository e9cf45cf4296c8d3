using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

/// <summary>
/// A stack whose storage cannot start: the error names what failed, and nothing it did start is left running. The
/// state directory holds a file where an Azurite's folder belongs, so that Azurite fails before node starts.
/// </summary>
public sealed class LocalRunnerStartupTests : IDisposable
{
    private readonly DirectoryInfo state = Directory.CreateTempSubdirectory("vpp-startup-");

    [Fact]
    public async Task When_both_Azurites_fail_the_error_gives_both_reasons()
    {
        await File.WriteAllTextAsync(Path.Combine(state.FullName, "azurite"), "not a folder");
        await File.WriteAllTextAsync(Path.Combine(state.FullName, "azurite-telemetry"), "not a folder");

        var failed = await Assert.ThrowsAsync<AggregateException>(() => StartAsync());

        Assert.Equal(2, failed.InnerExceptions.Count);
        Assert.Contains(failed.InnerExceptions, e => e.Message.Contains(Path.Combine(state.FullName, "azurite"), StringComparison.Ordinal) && !e.Message.Contains("azurite-telemetry", StringComparison.Ordinal));
        Assert.Contains(failed.InnerExceptions, e => e.Message.Contains(Path.Combine(state.FullName, "azurite-telemetry"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_main_Azurite_fails_the_telemetry_one_that_started_is_stopped()
    {
        await File.WriteAllTextAsync(Path.Combine(state.FullName, "azurite"), "not a folder");
        var telemetryFolder = Path.Combine(state.FullName, "azurite-telemetry");

        var failed = await Assert.ThrowsAnyAsync<IOException>(() => StartAsync());

        Assert.Contains(Path.Combine(state.FullName, "azurite"), failed.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(telemetryFolder), "the telemetry Azurite was started (its folder was made)");
        Assert.Empty(ProcessesNaming(telemetryFolder));
    }

    public void Dispose() => state.Delete(recursive: true);

    private Task<LocalRunner> StartAsync() =>
        LocalRunner.StartAsync(new LocalRunnerOptions { Port = 0, StateDirectory = state.FullName });

    /// <summary>The ids of running processes whose command line names the path (Azurite is given its folder as --location).</summary>
    private static List<int> ProcessesNaming(string path)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(path))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return found;
    }
}
