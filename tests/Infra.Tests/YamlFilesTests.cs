using SparseVila.Infra.Tests.Support;
using YamlDotNet.Core;

namespace SparseVila.Infra.Tests;

public sealed class YamlFilesTests
{
    public static TheoryData<string> YamlFiles() => [.. Repository.Files("infra", ".yml", ".yaml")];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void EveryYamlFile_Parses_IntoAtLeastOneMap(string path)
    {
        var documents = YamlNode.Load(path);

        Assert.NotEmpty(documents);
        Assert.All(documents.Where(d => d.Exists), document => Assert.True(document.IsMap, $"{document.Path} is not a map."));
    }

    [Theory]
    [InlineData("services:\n  a: 'unterminated\n")]
    [InlineData("services:\n  a: 1\n b: 2\n")]
    [InlineData("services:\n\ta: 1\n")]
    public void TheParser_RejectsTextThatIsNotYaml(string text) =>
        Assert.ThrowsAny<YamlException>(() => YamlNode.Parse(text, "broken.yaml"));

    [Fact]
    public void TheParser_AppliesMergeKeys()
    {
        var document = YamlNode.Parse("base: &base\n  A: one\nservice:\n  <<: *base\n  B: two\n", "merge.yaml").Single();

        Assert.Equal("one", document["service"]["A"].Text);
        Assert.Equal("two", document["service"]["B"].Text);
    }

    [Fact]
    public void Kustomization_ListsEveryManifestOfTheFolder_AndOnlyFilesThatExist()
    {
        var listed = KubernetesManifests.ResourceFiles();
        var present = Repository.Files(KubernetesManifests.Folder, ".yaml", ".yml").Where(f => f != KubernetesManifests.KustomizationPath);

        Assert.All(listed, file => Assert.True(File.Exists(Repository.PathOf(file)), $"{KubernetesManifests.KustomizationPath} lists {file}, which does not exist."));
        Assert.Equal(present.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryKubernetesObject_HasApiVersionKindAndName()
    {
        var manifests = KubernetesManifests.Load();

        Assert.NotEmpty(manifests.Documents);
        Assert.All(manifests.Documents, document =>
        {
            Assert.False(string.IsNullOrWhiteSpace(document["apiVersion"].Text), $"{document.Path} has no apiVersion.");
            Assert.False(string.IsNullOrWhiteSpace(document["kind"].Text), $"{document.Path} has no kind.");
            Assert.False(string.IsNullOrWhiteSpace(document["metadata"]["name"].Text), $"{document.Path} has no metadata.name.");
        });
    }
}
