//! A borrowed, read-only view of the parts of an ImageTag the validator looks at.
//!
//! Strings borrow from the input text whenever JSON allows it (no escapes), everything the rules do not
//! read is skipped without being built, and absent and `null` both read as Go's zero value. This is what
//! makes list validation one pass with almost no allocation; single objects are bridged to it through
//! their (lossless) JSON, so both paths run the very same rules.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;

use crate::model::Image;

/// A string that borrows from the input when it can.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct S<'a>(pub Cow<'a, str>);

impl<'a> S<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for S<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = S<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<S<'de>, E> {
                Ok(S(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<S<'de>, E> {
                Ok(S(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<S<'de>, E> {
                Ok(S(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A string→string map as its pairs, in input order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pairs<'a>(pub Vec<(S<'a>, S<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'a>, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((k, v)) = map.next_entry::<S<'a>, S<'a>>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

fn s<'b>(v: &'b Option<S<'_>>) -> &'b str {
    v.as_ref().map(S::as_str).unwrap_or("")
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct TagV<'a> {
    #[serde(borrow)]
    pub kind: Option<S<'a>>,
    #[serde(borrow, rename = "apiVersion")]
    pub api_version: Option<S<'a>>,
    #[serde(borrow)]
    pub metadata: Option<MetaV<'a>>,
    #[serde(borrow)]
    pub spec: Option<SpecV<'a>>,
    #[serde(borrow)]
    pub status: Option<StatusV<'a>>,
    pub image: Option<Box<Image>>,
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct MetaV<'a> {
    #[serde(borrow)]
    pub name: Option<S<'a>>,
    #[serde(borrow, rename = "generateName")]
    pub generate_name: Option<S<'a>>,
    #[serde(borrow)]
    pub namespace: Option<S<'a>>,
    pub generation: Option<i64>,
    #[serde(borrow)]
    pub labels: Option<Pairs<'a>>,
    #[serde(borrow)]
    pub annotations: Option<Pairs<'a>>,
    #[serde(borrow, rename = "ownerReferences")]
    pub owner_references: Option<Vec<OwnerRefV<'a>>>,
    #[serde(borrow)]
    pub finalizers: Option<Vec<S<'a>>>,
    #[serde(borrow, rename = "managedFields")]
    pub managed_fields: Option<Vec<ManagedV<'a>>>,
}

impl MetaV<'_> {
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn generate_name(&self) -> &str {
        s(&self.generate_name)
    }
    pub fn namespace(&self) -> &str {
        s(&self.namespace)
    }
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct OwnerRefV<'a> {
    #[serde(borrow, rename = "apiVersion")]
    pub api_version: Option<S<'a>>,
    #[serde(borrow)]
    pub kind: Option<S<'a>>,
    #[serde(borrow)]
    pub name: Option<S<'a>>,
    #[serde(borrow)]
    pub uid: Option<S<'a>>,
    pub controller: Option<bool>,
    #[serde(rename = "blockOwnerDeletion")]
    pub block_owner_deletion: Option<bool>,
}

impl OwnerRefV<'_> {
    pub fn api_version(&self) -> &str {
        s(&self.api_version)
    }
    pub fn kind(&self) -> &str {
        s(&self.kind)
    }
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn uid(&self) -> &str {
        s(&self.uid)
    }
}

impl OwnerRefV<'_> {
    /// The reference as `metav1.OwnerReference` marshals it (pointers omitted when unset).
    pub fn to_value(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("apiVersion".into(), self.api_version().into());
        m.insert("kind".into(), self.kind().into());
        m.insert("name".into(), self.name().into());
        m.insert("uid".into(), self.uid().into());
        if let Some(c) = self.controller {
            m.insert("controller".into(), c.into());
        }
        if let Some(b) = self.block_owner_deletion {
            m.insert("blockOwnerDeletion".into(), b.into());
        }
        serde_json::Value::Object(m)
    }
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct ManagedV<'a> {
    #[serde(borrow)]
    pub manager: Option<S<'a>>,
    #[serde(borrow)]
    pub operation: Option<S<'a>>,
    #[serde(borrow, rename = "fieldsType")]
    pub fields_type: Option<S<'a>>,
    #[serde(borrow)]
    pub subresource: Option<S<'a>>,
}

impl ManagedV<'_> {
    pub fn manager(&self) -> &str {
        s(&self.manager)
    }
    pub fn operation(&self) -> &str {
        s(&self.operation)
    }
    pub fn fields_type(&self) -> &str {
        s(&self.fields_type)
    }
    pub fn subresource(&self) -> &str {
        s(&self.subresource)
    }
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct SpecV<'a> {
    #[serde(borrow)]
    pub name: Option<S<'a>>,
    #[serde(borrow)]
    pub from: Option<FromV<'a>>,
    pub reference: Option<bool>,
    pub generation: Option<i64>,
    #[serde(borrow, rename = "importPolicy")]
    pub import_policy: Option<ImportPolicyV<'a>>,
    #[serde(borrow, rename = "referencePolicy")]
    pub reference_policy: Option<ReferencePolicyV<'a>>,
}

impl SpecV<'_> {
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn scheduled(&self) -> bool {
        self.import_policy.as_ref().and_then(|p| p.scheduled).unwrap_or(false)
    }
    pub fn import_mode(&self) -> &str {
        self.import_policy.as_ref().map(|p| s(&p.import_mode)).unwrap_or("")
    }
    pub fn reference_policy_type(&self) -> &str {
        self.reference_policy.as_ref().map(|p| s(&p.type_)).unwrap_or("")
    }
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct FromV<'a> {
    #[serde(borrow)]
    pub kind: Option<S<'a>>,
    #[serde(borrow)]
    pub name: Option<S<'a>>,
    #[serde(borrow)]
    pub namespace: Option<S<'a>>,
}

impl FromV<'_> {
    pub fn kind(&self) -> &str {
        s(&self.kind)
    }
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn namespace(&self) -> &str {
        s(&self.namespace)
    }
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct ImportPolicyV<'a> {
    pub scheduled: Option<bool>,
    #[serde(borrow, rename = "importMode")]
    pub import_mode: Option<S<'a>>,
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct ReferencePolicyV<'a> {
    #[serde(borrow, rename = "type")]
    pub type_: Option<S<'a>>,
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct StatusV<'a> {
    #[serde(borrow)]
    pub tag: Option<S<'a>>,
    #[serde(borrow)]
    pub items: Option<Vec<EventV<'a>>>,
}

#[derive(DeriveDeserialize, Default, Debug)]
#[serde(default)]
pub(crate) struct EventV<'a> {
    #[serde(borrow, rename = "dockerImageReference")]
    pub docker_image_reference: Option<S<'a>>,
    #[serde(borrow)]
    pub image: Option<S<'a>>,
}

impl EventV<'_> {
    pub fn docker_image_reference(&self) -> &str {
        s(&self.docker_image_reference)
    }
    pub fn image(&self) -> &str {
        s(&self.image)
    }
}

impl<'a> MetaV<'a> {
    /// A view of a model `ObjectMeta` (borrowing its strings).
    pub fn from_model(m: &'a crate::model::ObjectMeta) -> MetaV<'a> {
        use crate::json::Field;
        fn st<'a>(f: &'a Field<String>) -> Option<S<'a>> {
            f.get().map(|v| S(Cow::Borrowed(v.as_str())))
        }
        fn pairs<'a>(f: &'a Field<crate::model::StringMap>) -> Option<Pairs<'a>> {
            f.get().map(|m| Pairs(m.iter().map(|(k, v)| (S(Cow::Borrowed(k.as_str())), S(Cow::Borrowed(v.as_str())))).collect()))
        }
        MetaV {
            name: st(&m.name),
            generate_name: st(&m.generate_name),
            namespace: st(&m.namespace),
            generation: m.generation.get().copied(),
            labels: pairs(&m.labels),
            annotations: pairs(&m.annotations),
            owner_references: m.owner_references.get().map(|refs| {
                refs.iter()
                    .map(|r| OwnerRefV {
                        api_version: st(&r.api_version),
                        kind: st(&r.kind),
                        name: st(&r.name),
                        uid: st(&r.uid),
                        controller: r.controller.get().copied(),
                        block_owner_deletion: r.block_owner_deletion.get().copied(),
                    })
                    .collect()
            }),
            finalizers: m.finalizers.get().map(|f| f.iter().map(|s| S(Cow::Borrowed(s.as_str()))).collect()),
            managed_fields: m.managed_fields.get().map(|fields| {
                fields
                    .iter()
                    .map(|f| ManagedV {
                        manager: st(&f.manager),
                        operation: st(&f.operation),
                        fields_type: st(&f.fields_type),
                        subresource: st(&f.subresource),
                    })
                    .collect()
            }),
        }
    }
}
