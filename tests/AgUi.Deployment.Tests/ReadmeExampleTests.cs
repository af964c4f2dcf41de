using System.Text.RegularExpressions;

namespace AgUi.Deployment.Tests;

/// <summary>The README's "Write your own agent" example is the code the conformance harness compiles and runs.</summary>
public sealed partial class ReadmeExampleTests
{
    private const string ExampleFolder = "tests/AgUi.Examples";

    [Fact]
    public void Every_file_of_the_example_project_is_in_the_README_verbatim()
    {
        var readme = RepositoryFiles.Read("README.md");
        var quoted = QuotedFile().Matches(readme).ToDictionary(m => m.Groups["path"].Value, m => m.Groups["code"].Value, StringComparer.Ordinal);
        var files = Directory.GetFiles(RepositoryFiles.PathOf(ExampleFolder), "*.cs")
            .Select(f => $"{ExampleFolder}/{Path.GetFileName(f)}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files, quoted.Keys.Order(StringComparer.Ordinal));
        Assert.All(files, file => Assert.Equal(RepositoryFiles.Read(file).TrimEnd('\n'), quoted[file]));
    }

    [GeneratedRegex(@"<!-- file: (?<path>[^ ]+) -->\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex QuotedFile();
}
