using AgUi.Testing;

namespace AgUi.Runtime.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
