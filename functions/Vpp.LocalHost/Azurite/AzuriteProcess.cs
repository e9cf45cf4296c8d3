using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vpp.LocalHost.Azurite;

/// <summary>
/// Starts Azurite (installed from npm beside this project) on free loopback ports and stops it by its process id.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string? workspace;

    /// <summary>Azurite's published development account (documented by Microsoft; not a secret).</summary>
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private AzuriteProcess(Process process, string connectionString, string? workspace)
    {
        this.process = process;
        this.workspace = workspace;
        ConnectionString = connectionString;
    }

    /// <summary>A Shared Key connection string with this Azurite's endpoints, as every Azure Storage SDK reads it.</summary>
    public string ConnectionString { get; }

    public int ProcessId => process.Id;

    /// <summary>
    /// Starts Azurite; <paramref name="persistLocation"/> null keeps everything in memory. A port found free can be
    /// taken before Azurite binds it (an outgoing connection's ephemeral port, another test's server), and then Azurite
    /// exits at once: it is started again on other ports, a few times, before that is an error.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string? persistLocation = null, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(NodeToolsDirectory(), "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {script}. Build functions/Vpp.LocalHost (it runs 'npm ci') or run 'npm ci' there.");
        }

        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(script, persistLocation, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteExitedException) when (attempt < attempts)
            {
            }
        }
    }

    private static async Task<AzuriteProcess> StartOnceAsync(string script, string? persistLocation, CancellationToken cancellationToken)
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string? workspace = null;
        foreach (var arg in new[]
                 {
                     script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (persistLocation is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(persistLocation);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(persistLocation);
        }

        // Azurite writes its debug log and extent files into the working directory even in memory mode.
        workspace = persistLocation ?? Directory.CreateTempSubdirectory("azurite-").FullName;
        start.WorkingDirectory = workspace;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(
            process,
            $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{DevelopmentAccount};QueueEndpoint=http://127.0.0.1:{queue}/{DevelopmentAccount};TableEndpoint=http://127.0.0.1:{table}/{DevelopmentAccount};",
            persistLocation is null ? workspace : null);
        try
        {
            await WaitForPortsAsync(process, [blob, queue, table], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return azurite;
    }

    /// <summary>The folder holding package.json and node_modules with Azurite.</summary>
    public static string NodeToolsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "functions", "Vpp.LocalHost");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Cannot find functions/Vpp.LocalHost above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortsAsync(Process process, int[] ports, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new AzuriteExitedException($"Azurite exited with code {process.ExitCode} before listening on {port}.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        if (workspace is not null)
        {
            try
            {
                Directory.Delete(workspace, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    /// <summary>Azurite ended before it listened on all its ports.</summary>
    private sealed class AzuriteExitedException(string message) : InvalidOperationException(message);
}
