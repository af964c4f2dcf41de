namespace AgUi.Deployment.Tests;

/// <summary>The repository's own files, found by walking up from the test binaries to the solution file.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string PathOf(string relativePath) =>
        Path.Combine(RootDirectory.Value, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgUiFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AgUiFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
