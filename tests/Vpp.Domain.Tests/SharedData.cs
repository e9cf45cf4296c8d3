using System.Globalization;

namespace Vpp.Domain.Tests;

/// <summary>
/// Finds the real public data (../shared/data, see its README) and official specifications (../shared/specs) beside
/// the repository; they are never copied into it.
/// </summary>
public static class SharedData
{
    public static string PathOf(string relative) => Find(Path.Combine("data", relative));

    public static string SpecPath(string relative) => Find(Path.Combine("specs", relative));

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/{relative} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Rows of "timestamp,value" (first two columns), timestamps with offsets.</summary>
    public static IEnumerable<(DateTimeOffset Time, double Value)> TimeSeries(string relative) =>
        File.ReadLines(PathOf(relative)).Skip(1)
            .Select(line => line.Split(','))
            .Where(p => p.Length >= 2 && p[1].Length > 0)
            .Select(p => (DateTimeOffset.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)));
}
