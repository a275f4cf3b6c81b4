//! `[price]`: a unit, a currency where the source states one, and one amount, an amount per
//! combination of property values (every reachable combination a cell or an explicit gap), or
//! the reason the amount is unknown.

use super::super::raw::{RawAmount, RawPriceTable, S};
use super::Checker;
use crate::price::{Amount, Cell, Decimal, Gap, Price, PriceUnit, Rate};
use crate::{Kind, Output, Property, StringRule};

/// The most combinations a cell table may span (a typo in `by` should not enumerate forever).
const MAX_COMBINATIONS: usize = 10_000;

impl Checker<'_> {
    pub(super) fn price(
        &mut self,
        raw: &S<RawPriceTable>,
        properties: &[Property],
        output: &Output,
        names: &[String],
    ) -> Option<Price> {
        let t = raw.get_ref();
        let source = self.source(&t.source, raw.span(), "[price]");
        let unit = match PriceUnit::parse(t.unit.get_ref()) {
            Some(u) => u,
            None => {
                let units: Vec<&str> = PriceUnit::ALL.iter().map(|u| u.as_str()).collect();
                self.error(
                    t.unit.span(),
                    format!(
                        "price unit {:?} is unknown; use one of {}",
                        t.unit.get_ref(),
                        units.join(", ")
                    ),
                );
                return None;
            }
        };
        if matches!(unit, PriceUnit::Megapixel | PriceUnit::Pixel) && output.size.is_empty() {
            self.error(
                t.unit.span(),
                format!(
                    "a price per {unit} needs the output size, and `[output] size` names no source"
                ),
            );
        }
        let currency = t.currency.as_ref().and_then(|c| {
            let code = c.get_ref();
            if iso_currency::Currency::from_code(code).is_some() {
                Some(code.clone())
            } else {
                self.error(c.span(), format!("currency {code:?} is not an ISO 4217 code (its list of currencies); write one such as \"USD\" or \"CNY\""));
                None
            }
        });
        let kinds = [t.amount.is_some(), t.by.is_some(), t.unknown.is_some()];
        if kinds.iter().filter(|k| **k).count() != 1 {
            self.error(raw.span(), "[price] gives exactly one of `amount` (one price for every request), `by` with cells (a price per combination), or `unknown` (why the doc's price is not known)");
            return None;
        }
        if t.by.is_none() && (!t.cells.is_empty() || !t.gaps.is_empty()) {
            self.error(
                raw.span(),
                "[price] cells and gaps need `by`, the properties that pick them",
            );
            return None;
        }
        let rate = if let Some(amount) = &t.amount {
            let single = RawAmount {
                amount: amount.clone(),
                was: t.was.clone(),
                name: t.name.clone(),
                quote: t.quote.clone(),
            };
            Rate::Flat(self.amount(&single)?)
        } else if let Some(reason) = &t.unknown {
            if reason.get_ref().trim().is_empty() {
                self.error(reason.span(), "`unknown` says why the price is not known (the doc names a unit but no amount, say)");
            }
            Rate::Unknown(reason.get_ref().clone())
        } else {
            self.cells(t, properties, names)?
        };
        Some(Price {
            unit,
            currency,
            rate,
            not_charged: t.not_charged.clone(),
            source,
        })
    }

    fn cells(
        &mut self,
        t: &RawPriceTable,
        properties: &[Property],
        names: &[String],
    ) -> Option<Rate> {
        let by_raw = t.by.as_ref()?;
        let mut by: Vec<(String, Vec<String>)> = Vec::new();
        for path in by_raw.get_ref() {
            let prop = self.path(path, properties, "price.by")?;
            let values = match &prop.kind {
                Kind::Model => names.to_vec(),
                Kind::String(StringRule { enum_values, .. }) if !enum_values.is_empty() => {
                    enum_values.clone()
                }
                _ => {
                    self.error(path.span(), format!("price.by `{}` must be `model` or a string property with an `enum` (its values pick the cell)", prop.path));
                    return None;
                }
            };
            if by.iter().any(|(p, _)| p == &prop.path) {
                self.error(path.span(), format!("price.by names `{}` twice", prop.path));
                return None;
            }
            by.push((prop.path.clone(), values));
        }
        let combinations = by.iter().map(|(_, v)| v.len()).product::<usize>();
        if by.is_empty() || combinations > MAX_COMBINATIONS {
            self.error(by_raw.span(), format!("price.by spans {combinations} combinations; name 1 to a few properties (at most {MAX_COMBINATIONS} combinations)"));
            return None;
        }
        let mut gaps = Vec::new();
        for raw in &t.gaps {
            let g = raw.get_ref();
            let when = self.when(&g.when, &by, false)?;
            if g.reason.get_ref().trim().is_empty() {
                self.error(
                    g.reason.span(),
                    "a price gap's `reason` says why the source gives no price there",
                );
            }
            gaps.push(Gap {
                when,
                reason: g.reason.get_ref().clone(),
            });
        }
        let mut cells: Vec<Cell> = Vec::new();
        for raw in &t.cells {
            let c = raw.get_ref();
            let when = self.when(&c.when, &by, true)?;
            let values: Vec<(&str, &str)> =
                when.iter().map(|(p, v)| (p.as_str(), v.as_str())).collect();
            if cells.iter().any(|other| other.matches(&values)) {
                self.error(
                    c.when.span(),
                    format!("price cell {} is given twice", shown(&when)),
                );
                return None;
            }
            if let Some(gap) = gaps.iter().find(|g| g.matches(&values)) {
                self.error(c.when.span(), format!("price cell {} is also in the gap {}; a combination has a price or a gap, not both", shown(&when), shown(&gap.when)));
                return None;
            }
            let amount = self.amount(&RawAmount {
                amount: c.amount.clone(),
                was: c.was.clone(),
                name: c.name.clone(),
                quote: c.quote.clone(),
            })?;
            cells.push(Cell { when, amount });
        }
        // Every reachable combination: a cell or a gap.
        let mut index = vec![0usize; by.len()];
        loop {
            let values: Vec<(&str, &str)> = by
                .iter()
                .zip(&index)
                .map(|((p, vs), &i)| (p.as_str(), vs[i].as_str()))
                .collect();
            let covered =
                cells.iter().any(|c| c.matches(&values)) || gaps.iter().any(|g| g.matches(&values));
            if !covered {
                let when: Vec<(String, String)> = values
                    .iter()
                    .map(|(p, v)| ((*p).to_owned(), (*v).to_owned()))
                    .collect();
                self.error(by_raw.span(), format!("no price cell or gap for {}; add a cell with the source's amount, or a gap saying why it has none", shown(&when)));
                return None;
            }
            let mut k = 0;
            loop {
                if k == index.len() {
                    return Some(Rate::Cells {
                        by: by.into_iter().map(|(p, _)| p).collect(),
                        cells,
                        gaps,
                    });
                }
                index[k] += 1;
                if index[k] < by[k].1.len() {
                    break;
                }
                index[k] = 0;
                k += 1;
            }
        }
    }

    /// A cell's or gap's `when`: paths of `by` with values of theirs (a cell: every path).
    fn when(
        &mut self,
        raw: &S<toml::Table>,
        by: &[(String, Vec<String>)],
        every: bool,
    ) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        for (path, value) in raw.get_ref() {
            let Some((_, values)) = by.iter().find(|(p, _)| p == path) else {
                let names: Vec<&str> = by.iter().map(|(p, _)| p.as_str()).collect();
                self.error(
                    raw.span(),
                    format!(
                        "`when` names `{path}`, which is not in price.by ({})",
                        names.join(", ")
                    ),
                );
                return None;
            };
            match value.as_str() {
                Some(v) if values.iter().any(|x| x == v) => out.push((path.clone(), v.to_owned())),
                _ => {
                    self.error(
                        raw.span(),
                        format!(
                            "`when` gives `{path}` {}, which is not one of its values ({})",
                            super::toml_display(value),
                            values.join(", ")
                        ),
                    );
                    return None;
                }
            }
        }
        let complete = by.iter().all(|(p, _)| out.iter().any(|(q, _)| q == p));
        if out.is_empty() || (every && !complete) {
            let names: Vec<&str> = by.iter().map(|(p, _)| p.as_str()).collect();
            let what = if every { "every" } else { "some" };
            self.error(
                raw.span(),
                format!(
                    "`when` gives {what} path of price.by ({}) a value",
                    names.join(", ")
                ),
            );
            return None;
        }
        Some(out)
    }

    fn amount(&mut self, raw: &RawAmount) -> Option<Amount> {
        let value = self.decimal(&raw.amount, "amount")?;
        let was = match &raw.was {
            Some(w) => Some(self.decimal(w, "was")?),
            None => None,
        };
        Some(Amount {
            value,
            was,
            name: raw.name.clone(),
            quote: raw.quote.clone(),
        })
    }

    /// A non-negative decimal written as a string (`"0.011"`): TOML floats are binary.
    fn decimal(&mut self, raw: &S<toml::Value>, what: &str) -> Option<Decimal> {
        let Some(text) = raw.get_ref().as_str() else {
            self.error(raw.span(), format!("price `{what}` is a decimal written as a string (\"0.04\"): a TOML number is a binary float and would not be exact"));
            return None;
        };
        let plain = !text.is_empty()
            && text
                .split_once('.')
                .map_or(text.bytes().all(|b| b.is_ascii_digit()), |(i, f)| {
                    !i.is_empty()
                        && !f.is_empty()
                        && i.bytes().all(|b| b.is_ascii_digit())
                        && f.bytes().all(|b| b.is_ascii_digit())
                });
        match Decimal::from_str_exact(text) {
            Ok(d) if plain => Some(d),
            _ => {
                self.error(raw.span(), format!("price `{what}` {text:?} is not a decimal amount of at least 0 written with digits and one `.` (at most 28 significant digits)"));
                None
            }
        }
    }
}

fn shown(when: &[(String, String)]) -> String {
    let parts: Vec<String> = when.iter().map(|(p, v)| format!("{p} = {v:?}")).collect();
    format!("{{ {} }}", parts.join(", "))
}
