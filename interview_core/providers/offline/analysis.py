"""Reading a CV, a job description and an answer without any network or model.

Everything here is pure and deterministic. The CV/JD analyses are cached on the
exact text because the interviewer asks for them once per question, and a
2-page CV must stay well under a millisecond after the first call.

All three inputs are untrusted: they are parsed as data, and anything echoed
back into a question goes through `clip_phrase` (no markup, at most 12 words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# ---------------------------------------------------------------------------
# Skill vocabulary
# ---------------------------------------------------------------------------
# One skill a line: "Canonical | alias, alias"; an indented line continues the
# aliases of the line above. Aliases are matched as whole words, case-insensitively;
# a leading "=" makes that spelling case-sensitive, for names that are also
# ordinary words ("Go", "Excel", "Spark"). The canonical name is an alias of itself.
_VOCABULARY = """
[software]
Python | python3
=Go | golang
Java | java ee, jvm
Kotlin
Scala
=Rust
=Swift | swiftui
Objective-C | objective c
C++ | cpp, c/c++
C# | csharp
.NET | dotnet, asp.net, .net core
JavaScript | ecmascript, es6, vanilla js
TypeScript
Node.js | nodejs, node js
Ruby
Ruby on Rails | rails, ror
PHP
Laravel
Django | django rest framework, drf
Flask
FastAPI
=Spring | spring boot, spring framework
Express.js | expressjs
React | react.js, reactjs
React Native
Angular | angularjs
Vue.js | vue, vuejs, nuxt
Svelte | sveltekit
Next.js | nextjs
Redux
HTML | html5
CSS | css3, sass, scss
Tailwind CSS | tailwind
GraphQL | apollo graphql
REST APIs | rest api, restful, restful api, restful apis, =REST
gRPC | protobuf, protocol buffers
Microservices | microservice, micro-services, micro services, service-oriented architecture
Distributed systems | distributed system, distributed computing
Event-driven architecture | event-driven, event driven, event sourcing, cqrs
System design | systems design, software architecture, system architecture, service architecture
API design | api development, api-first, designing apis
Object-oriented programming | oop, object oriented, object-oriented
Functional programming
Algorithms and data structures | algorithms, data structures
Automated testing | unit testing, unit tests, integration tests, integration testing,
    test automation, automated tests, contract tests, contract testing, test coverage
Test-driven development | tdd, test driven development
pytest
Jest
Cypress
Selenium
Playwright
Performance optimisation | performance optimization, performance tuning, profiling, latency
Concurrency | multithreading, multi-threading, asyncio, concurrent programming
Application security | appsec, secure coding, owasp, security engineering, cybersecurity, infosec,
    penetration testing
Authentication | oauth, oauth2, openid connect, oidc, saml, jwt
iOS | =iOS
Android
Flutter
Git | version control, github, gitlab, bitbucket
Code review | code reviews, pull requests, reviewing code
Payments | payment systems, payment processing, payment gateway, stripe, card payments
Caching | cache, caches, memcached, cdn caching
Redis
WebSockets | websocket
Linux | unix
Shell scripting | bash, shell scripts, zsh
Technical documentation | documentation, technical writing, api documentation, documenting

[data]
SQL | t-sql, pl/sql
PostgreSQL | postgres, psql
MySQL | mariadb
SQL Server | mssql, microsoft sql server
=Oracle | oracle db, oracle database
SQLite
MongoDB | mongo
Cassandra
DynamoDB
Elasticsearch | elastic search, opensearch, elk, elastic stack, kibana, logstash
Snowflake
BigQuery
Redshift
Databricks
Apache Spark | =Spark, pyspark
Hadoop | hdfs, hive
Kafka | apache kafka, kafka streams
RabbitMQ | amqp
Airflow | apache airflow
dbt | =DBT
ETL | elt, etl pipelines
Data pipelines | data pipeline, data ingestion, sql pipeline
Data modelling | data modeling, dimensional modeling, dimensional modelling, star schema
Data warehousing | data warehouse, data warehouses, data lake, lakehouse
pandas
NumPy
scikit-learn | sklearn
TensorFlow
PyTorch
Machine learning | =ML, ml models, machine-learning
Deep learning | neural networks, neural network
NLP | natural language processing
LLMs | llm, large language models, large language model, generative ai, genai, prompt engineering,
    retrieval-augmented generation
Computer vision
Statistics | statistical analysis, statistical modelling, statistical modeling, regression analysis,
    hypothesis testing
A/B testing | a/b test, a/b tests, ab testing, split testing, experimentation
Data analysis | data analytics, analysing data, analyzing data, data-driven insights
Data visualisation | data visualization, dashboards, dashboard, dashboarding
Tableau
Power BI | powerbi
Looker | looker studio, google data studio
=Excel | microsoft excel, spreadsheets, spreadsheet, google sheets, pivot tables, vlookup
R | =R, rstudio
Jupyter | jupyter notebooks
Data governance | data quality, data catalog, data lineage
Forecasting | demand forecasting, time series, time-series
Cohort analysis | cohorts, retention analysis
Google Analytics | ga4
Mixpanel
=Amplitude
MLOps | mlflow, model deployment, model serving, kubeflow
Vector databases | vector database, pgvector, pinecone, weaviate
Data engineering | data engineer

[devops]
Kubernetes | k8s, kube, eks, gke, aks, kubectl, openshift
Docker | containers, containerization, containerisation, containerized, containerised, dockerfile,
    docker compose
Helm | helm charts
Terraform | opentofu, hcl, terraform cloud
Infrastructure as code | iac, infrastructure-as-code
Pulumi
CloudFormation | aws cdk, cdk
Ansible
=Chef
=Puppet
Packer
AWS | amazon web services, ec2, s3, rds, ecs, route53, route 53, cloudfront, elasticache, sqs, sns
Serverless | aws lambda, lambda functions, cloud functions, azure functions
GCP | google cloud, google cloud platform
Azure | microsoft azure
Cloud infrastructure | cloud-native, cloud native, cloud computing, cloud architecture,
    cloud platforms
CI/CD | cicd, ci/cd pipelines, continuous integration, continuous delivery, continuous deployment,
    deployment pipelines, build pipelines, =CI
Jenkins
GitHub Actions
GitLab CI | gitlab ci/cd, gitlab-ci
CircleCI | circle ci
Argo CD | argocd
GitOps | fluxcd
Observability | monitoring, logging, tracing, distributed tracing, telemetry, opentelemetry, apm
Prometheus
Grafana
Datadog
Splunk
New Relic
Site reliability engineering | sre, site reliability, slos, slo, slis, sli, error budgets,
    error budget, reliability
Incident management | incident response, incidents, incident, on-call, on call, oncall, postmortems,
    postmortem, post-mortems, pagerduty
Networking | tcp/ip, dns, vpc, vpcs, vpn, load balancing, load balancers, subnets, bgp
Service mesh | istio, linkerd, envoy
Vault | hashicorp vault, secrets management
Consul
Nginx
Capacity planning
Disaster recovery | backup and recovery, business continuity, failover, backups
High availability | fault tolerance, high-availability, fault-tolerant
Scalability | scaling, scalable, auto-scaling, autoscaling
Cost optimisation | cost optimization, finops, cloud costs, reserved instances, savings plans
Compliance | soc 2, soc2, iso 27001, hipaa, gdpr, pci dss, pci-dss, pci, regulatory compliance,
    security compliance
Identity and access management | iam, okta, sso, single sign-on, rbac, ldap, active directory
Release management | release engineering, feature flags, canary releases, canary deploys,
    canary deployments, blue-green, blue/green, rollbacks
Platform engineering | internal developer platform, developer platform, platform team,
    developer experience
DevOps | dev ops
Message queues | message queue, message broker, pub/sub, pubsub
Load testing | performance testing, stress testing, k6, jmeter, locust
Chaos engineering

[product]
Product management | product owner
Product strategy | product vision
Roadmapping | roadmap, roadmaps, product roadmap
User research | customer research, user interviews, customer interviews, discovery research
Product discovery | discovery
Requirements gathering | requirements analysis, prd, prds, product requirements, user stories
Agile | agile methodologies, agile development
Scrum | scrum master, sprint planning, sprints
Kanban
Metrics and KPIs | kpi, kpis, okr, okrs, north star metric, success metrics
Product analytics | funnel analysis, product metrics, funnels
Go-to-market | go-to-market strategy, go to market, =GTM, product launches, product launch,
    launch planning
Pricing | pricing strategy, monetization, monetisation, packaging
Jira
Confluence
Product-led growth | plg, product led growth
Customer journey mapping | customer journey, customer journeys, user journeys, journey mapping
Market research | market analysis, market sizing, customer insights

[design]
Figma
=Sketch
Adobe Creative Suite | photoshop, illustrator, indesign, adobe xd, after effects,
    adobe creative cloud
UX design | ux, user experience, ux/ui, ui/ux, interaction design
UI design | user interface, visual design, =UI
Design systems | design system, component library, component libraries
Prototyping | prototypes, prototype, wireframes, wireframing, mockups
Usability testing | usability, user testing
Accessibility | a11y, wcag, accessible design
Information architecture
Design thinking

[sales]
B2B sales | enterprise sales, saas sales, b2b selling
Prospecting | lead generation, cold outreach, cold calling, outbound prospecting,
    pipeline generation
CRM | crm systems, customer relationship management
Salesforce | sfdc
HubSpot
Negotiation | negotiating, negotiate, negotiated
Account management | account manager, key accounts, upselling, upsell, cross-selling, renewals
Sales pipeline | pipeline management, sales forecasting, deal pipeline, moved pipeline
Solution selling | consultative selling, value selling, meddic, challenger sale
Closing deals | close deals, closed deals, deal closing, closed-won
Sales presentations | product demos, pitch decks, pitch deck, demo scripts, demo narratives
Partnerships | partner management, channel sales, alliances, business development

[marketing]
Product marketing | product marketing manager, product marketer, pmm
Positioning and messaging | positioning, messaging, value proposition, value propositions
Content marketing | content strategy, content creation, content calendar
Copywriting | copywriter, product copy, marketing copy
SEO | search engine optimization, search engine optimisation
SEM | paid search, google ads, ppc, adwords
Paid social | facebook ads, meta ads, linkedin ads, paid media, paid acquisition
Email marketing | email campaigns, lifecycle marketing, lifecycle campaigns, onboarding emails,
    newsletters
Marketing automation | marketo, pardot, braze, customer.io, iterable, mailchimp
Social media marketing | social media, social media content
Community management | community building
Demand generation | demand gen, marketing campaigns, campaign management, integrated campaigns
Growth marketing | growth hacking, user acquisition
Brand strategy | branding, brand marketing, brand awareness, brand positioning
Competitive analysis | competitor analysis, competitive intelligence, competitors,
    win/loss analysis, win/loss
Sales enablement | enablement, sales collateral, battlecards, battle cards
Customer segmentation | segmentation, buyer personas, personas, ideal customer profile
Conversion rate optimisation | conversion rate optimization, cro, conversion optimisation,
    conversion optimization, landing pages
Marketing analytics | marketing attribution, attribution modelling, campaign performance,
    launch performance
Public relations | media relations, press releases
Events marketing | event marketing, webinars, field marketing, trade shows, trade-show
Storytelling | narratives, storyteller

[finance]
Financial modelling | financial modeling, financial models, dcf, three-statement model
Budgeting | budget management, managing budgets, budget planning
FP&A | financial planning and analysis, financial planning
Accounting | gaap, ifrs, bookkeeping, general ledger, accounts payable, accounts receivable,
    reconciliation, reconciliations
Financial reporting | month-end close, month end close, financial statements, p&l, profit and loss,
    variance analysis
Auditing | internal audit, audits, sox, sarbanes-oxley
Tax | taxation, tax compliance
Treasury | cash management, cash flow, liquidity
Risk management | risk assessment, risk analysis, credit risk, market risk
Fraud prevention | fraud detection, anti-fraud, aml, kyc, anti-money laundering
NetSuite
SAP
QuickBooks | xero
Valuation | valuations
Investor relations
Unit economics | cac, ltv, payback period, gross margin, contribution margin
Procurement | vendor management, purchasing, supplier management

[support]
Customer support | customer service, technical support, help desk, helpdesk, support tickets,
    ticketing
Customer success | customer retention, churn reduction, churn, customer health
Zendesk
Intercom
Troubleshooting | debugging, root cause analysis, root-cause analysis, rca, diagnosing
SLAs | sla, service level agreements, service-level agreements
Knowledge base | knowledge bases, help center, help centre
Escalation management | escalations, escalation
CSAT and NPS | csat, nps, net promoter score, customer satisfaction

[people]
People management | managing people, line management, direct reports, team management,
    engineering management, people manager, managed a team, manage a team
Hiring | recruiting, recruitment, interviewing candidates, talent acquisition, hiring process
Mentoring | mentor, mentored, mentors, mentorship, coaching, coached
Performance management | performance reviews, performance review, 1:1s, one-on-ones
Team building | team culture, built a team, grew the team, scaling teams
Onboarding | on-boarding, customer onboarding, employee onboarding
Career development | career growth, career ladder, career progression
Delegation | delegate, delegated, delegating
Change management | organisational change, organizational change, change leadership
Conflict resolution | conflicts, disagreements, resolve conflicts, resolving conflict
Diversity and inclusion | dei, d&i, inclusive culture
Workforce planning | headcount planning, org design
HR operations | hris, workday, bamboohr, payroll, compensation and benefits

[soft]
Communication | communicate, communicating, communicator, communication skills,
    written communication, verbal communication
Stakeholder management | stakeholders, stakeholder, managing stakeholders, stakeholder engagement
Leadership | lead a team, leading teams, led a team, technical leadership, tech lead, team lead,
    leading a team, led the team, design reviews
Collaboration | collaborate, collaborated, collaborating, collaborative, cross-functional,
    cross functional, teamwork, partnered, partner with, work with product
Problem solving | problem-solving, solve problems, solving problems, problem solver
Analytical thinking | analytical, critical thinking, analytical skills
Ownership | take ownership, took ownership, accountability, end-to-end ownership, end to end
Adaptability | adaptable, ambiguity, ambiguous, fast-paced, fast paced
Time management | meeting deadlines, multitasking, organisational skills, organizational skills
Prioritisation | prioritization, prioritise, prioritize, prioritising, prioritizing, priorities
Presentation skills | presenting, presentations, public speaking
Attention to detail | detail-oriented, detail oriented, meticulous
Customer focus | customer-centric, customer centric, customer obsession, customer empathy,
    user-centric
Decision making | decision-making, data-driven decisions, data-informed
Influencing | influence, influencing without authority, persuasion, persuade, persuasive
Initiative | self-starter, self starter, self-motivated, proactive, autonomous, autonomy
Continuous learning | curiosity, growth mindset, eager to learn, quick learner, willingness to learn
Strategic thinking | strategic planning, long-term vision
Project management | project manager, program management, project planning, pmp, managing projects
Remote collaboration | remote-first, distributed team, distributed teams, async communication,
    asynchronous communication
Empathy | empathetic, emotional intelligence
"""

SOFT_DOMAINS = frozenset({"soft", "people"})


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    domain: str

    @property
    def soft(self) -> bool:
        return self.domain in SOFT_DOMAINS


def _parse_vocabulary(table: str) -> tuple[dict[str, Skill], dict[str, str], dict[str, str]]:
    """-> (skills by name, insensitive alias -> name, case-sensitive alias -> name)."""
    skills: dict[str, Skill] = {}
    loose: dict[str, str] = {}
    exact: dict[str, str] = {}
    domain = "software"
    entries: list[str] = []
    for raw in table.strip().splitlines():
        if raw[:1].isspace() and entries:
            entries[-1] = f"{entries[-1].rstrip(',')}, {raw.strip()}"  # a wrapped alias list
        elif raw.strip():
            entries.append(raw.strip())
    for line in entries:
        if line.startswith("[") and line.endswith("]"):
            domain = line[1:-1]
            continue
        head, _, tail = line.partition("|")
        head = head.strip()
        name = head.lstrip("=")
        skills[name] = Skill(name, domain)
        for alias in [head, *tail.split(",")]:
            alias = alias.strip()
            if alias.startswith("="):
                exact[alias[1:]] = name
            elif alias:
                loose.setdefault(alias.lower(), name)
    return skills, loose, exact


SKILLS, _LOOSE_ALIASES, _EXACT_ALIASES = _parse_vocabulary(_VOCABULARY)


def _trie_pattern(words: list[str]) -> str:
    """One regex for many literals, shaped as a prefix trie: Python's engine otherwise
    tries a 1,000-way alternation at every position, which is ~50x slower."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Optional when a shorter alias ends here; the greedy "?" still prefers the longer one.
        return f"(?:{body})?" if ends else body

    return render(trie)


def _alias_regex(aliases: dict[str, str], flags: int) -> re.Pattern[str]:
    # Word-ish boundaries that also treat + # . / & - as part of a name:
    # "C++" and "CI/CD" match whole, "R&D" and "R.O.K" do not match "R",
    # "Go-to-market" does not match "Go". A failed boundary backtracks into shorter aliases.
    keys = [a.lower() for a in aliases] if flags & re.IGNORECASE else list(aliases)
    return re.compile(rf"(?<![\w+#@&/.])(?:{_trie_pattern(keys)})(?![\w+#&]|-to\b|\.\w|/\w)", flags)


_LOOSE_RE = _alias_regex(_LOOSE_ALIASES, re.IGNORECASE)
_EXACT_RE = _alias_regex(_EXACT_ALIASES, 0)


# Phrases that contain a skill's name without meaning the skill.
_FALSE_FRIENDS_RE = re.compile(
    r"\b(?:(?:senior|executive) leadership|leadership (?:team|group)s?|rest of)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def find_skills(text: str) -> tuple[str, ...]:
    """Vocabulary skills named in the text, canonical names, in order of first mention.

    Cached: each call re-reads the interview's earlier questions and answers."""
    text = _FALSE_FRIENDS_RE.sub(lambda m: " " * len(m.group(0)), text)
    hits: list[tuple[int, str]] = []
    for match in _LOOSE_RE.finditer(text):
        hits.append((match.start(), _LOOSE_ALIASES[match.group(0).lower()]))
    for match in _EXACT_RE.finditer(text):
        hits.append((match.start(), _EXACT_ALIASES[match.group(0)]))
    seen: dict[str, None] = {}
    for _, name in sorted(hits):
        seen.setdefault(name, None)
    return tuple(seen)


# Single-word skills that are ordinary nouns, written in lower case inside a sentence.
_COMMON_NOUN_SKILLS = frozenset(
    "Observability Payments Microservices Caching Concurrency Networking Scalability Statistics "
    "Forecasting Prototyping Accessibility Budgeting Pricing Accounting Auditing Tax Treasury "
    "Valuation Procurement Troubleshooting Negotiation Partnerships Copywriting Storytelling "
    "Compliance Serverless Roadmapping Agile Prospecting".split()
)


def display_skill(name: str) -> str:
    """How a skill reads mid-sentence: "Kubernetes", "A/B testing", but "distributed systems"."""
    if skill_domain(name) in SOFT_DOMAINS or name in _COMMON_NOUN_SKILLS:
        return name[0].lower() + name[1:]
    words = name.replace("-", " ").split()
    if (
        len(words) > 1
        and re.fullmatch(r"[A-Z][a-z]+", words[0])
        and all(re.fullmatch(r"[a-z]+", w) for w in words[1:])
    ):
        return name[0].lower() + name[1:]
    return name


def skill_domain(name: str) -> str:
    skill = SKILLS.get(name)
    return skill.domain if skill else "phrase"


def is_soft(name: str) -> bool:
    return skill_domain(name) in SOFT_DOMAINS


# Hard-skill vocabulary entries that almost every JD names in passing: worth reporting
# only when the JD stresses them, like soft skills.
_GENERIC_SKILLS = frozenset(
    {"Technical documentation", "Code review", "Git", "Agile", "Scrum", "Kanban", "Jira",
     "Confluence"}
)


def is_generic(name: str) -> bool:
    """Soft skills and everyday tooling: real, but rarely what a JD hires for."""
    return is_soft(name) or name in _GENERIC_SKILLS


def is_vague_phrase(name: str) -> bool:
    """A free-text JD phrase ("backend services") with no name in it, unlike "B2B SaaS"."""
    if name in SKILLS:
        return False
    return not any(ch.isdigit() or ch.isupper() for ch in name)


# ---------------------------------------------------------------------------
# Text clean-up shared by every parser
# ---------------------------------------------------------------------------
_CHAR_MAP = str.maketrans(
    {
        "\xad": "-",  # pypdfium2 keeps LaTeX's soft hyphens: "Sep. 2023 \xad Mar. 2024"
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
_BULLET_RE = re.compile(
    r"^(?:[-*+\u2022\u00b7\u25aa\u25e6\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u25ba\u25b8\u2023\u2043\u2713\u2714\u2192]|\d{1,2}[.)])\s+"
)
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    return (text or "").translate(_CHAR_MAP).replace("\r\n", "\n").replace("\r", "\n")


def strip_markup(line: str) -> str:
    """Drop Markdown emphasis, links and code marks; keep the words."""
    line = _MD_LINK_RE.sub(r"\1", line)
    line = line.replace("**", "").replace("__", "").replace("`", "")
    return _SPACES_RE.sub(" ", line).strip()


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # without bullet marker or markup
    bullet: bool
    heading_level: int  # Markdown "#" count, 0 when none
    blank_before: bool


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    blank = True
    for raw in clean_text(text).split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        level = len(stripped) - len(stripped.lstrip("#"))
        if 0 < level <= 6 and stripped[level : level + 1] == " ":
            stripped = stripped[level:].strip()
        else:
            level = 0
        bullet = bool(_BULLET_RE.match(stripped))
        if bullet:
            stripped = _BULLET_RE.sub("", stripped, count=1)
        body = strip_markup(stripped)
        if body:
            lines.append(Line(body, bullet, level, blank))
        blank = False
    return lines


# ---------------------------------------------------------------------------
# Short, safe phrases for questions
# ---------------------------------------------------------------------------
_UNSAFE_CHARS_RE = re.compile(r"[^\w\s.,'%$€£&+#/()-]", re.UNICODE)
# Text that looks like an instruction aimed at the interviewer is never quoted back.
_SUSPICIOUS_RE = re.compile(
    r"\b(ignore|disregard|instruction|instructions|prompt|system|assistant|jailbreak|pretend)\b",
    re.IGNORECASE,
)


def clip_phrase(text: str, max_words: int = 12) -> str:
    """A short, plain-text excerpt fit to quote: markup and URLs removed, <= max_words."""
    text = _URL_RE.sub("", strip_markup(text))
    text = _UNSAFE_CHARS_RE.sub(" ", text)
    words = _SPACES_RE.sub(" ", text).strip().split(" ")
    phrase = " ".join(words[:max_words]).strip(" ,;:-(")
    if phrase.count("(") != phrase.count(")"):
        phrase = phrase.replace("(", "").replace(")", "")
    return phrase.rstrip(".")


# Where a CV/JD line can be cut and still read well: clause starts first, prepositions second.
_STRONG_CUTS = frozenset(
    "by which that while so because since cutting enabling saving reducing raising lifting "
    "shrinking handling adopted attended generating including helping making resulting".split()
)
_WEAK_CUTS = frozenset(
    "to with using for from as behind across between within in on at after before".split()
)


def excerpt(text: str, max_words: int = 12) -> str:
    """The first sentence of a CV/JD line, cut at the best natural boundary within max_words."""
    sentence = re.split(r"(?<=[a-z0-9)])\.\s|;\s", text.strip(), maxsplit=1)[0]
    # Parentheticals are detail ("Elastic Stack(Filebeat, ...)"); cutting inside one reads badly.
    sentence = re.sub(r"\s*\([^)]*(?:\)|$)", "", sentence)
    words = clip_phrase(sentence, 40).split()
    if len(words) <= max_words:
        return " ".join(words).rstrip(",")
    strong = weak = 0
    for i in range(4, max_words + 1):
        if words[i - 1].endswith(",") or words[i].lower() in _STRONG_CUTS:
            strong = i
        elif words[i].lower() in _WEAK_CUTS:
            weak = i
    return " ".join(words[: strong or weak or max_words]).rstrip(",")


def number_phrase(text: str, max_words: int = 10) -> str:
    """The clause of a line that carries its first number: "cutting p99 latency from 480 ms"."""
    for clause in re.split(r"[,;]\s|\.\s|\s(?:and|which)\s", text):
        if measurable_tokens(clause):
            words = clip_phrase(clause, max_words).split()
            while words and words[-1].lower() in _STOP:
                words.pop()
            return " ".join(words)
    return ""


def is_quotable(text: str) -> bool:
    return bool(text) and not _SUSPICIOUS_RE.search(text)


_NORMALIZE_RE = re.compile(r"[^a-z0-9]+")


def normalize_question(text: str) -> str:
    return _NORMALIZE_RE.sub(" ", text.lower()).strip()


# ---------------------------------------------------------------------------
# Phrase skills ("experience with X") and token matching
# ---------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")
_STOP = frozenset(
    "a an and or the of in on for to with as at by from into our your their its this that these "
    "those any all some such other similar related relevant including e g etc is are be "
    "being".split()
)
_GENERIC = frozenset(
    "experience experienced knowledge proficiency proficient familiarity familiar understanding "
    "strong solid deep good great excellent proven demonstrated hands hands-on working practical "
    "professional modern tools tool technologies technology skills skill ability abilities "
    "background expertise exposure track record plus bonus years year least minimum using use "
    "building build environment environments field areas area concepts principles best practices "
    "practice".split()
)
_TRIGGER_RE = re.compile(
    r"\b(?:experience (?:with|in|of|building|designing|running|using|managing)|proficiency "
    r"(?:in|with)|"
    r"proficient (?:in|with)|knowledge of|familiarity with|familiar with|understanding of|"
    r"expertise in|background in|exposure to|comfortable with|skilled in|fluency in|fluent in)\s+",
    re.IGNORECASE,
)
_PHRASE_END_RE = re.compile(
    r"[.,;:()!?]|\s(?:and|or|to|such "
    r"as|e\.g|including|is|are|that|which|for|in|at|across|on|using|with|from)\s",
    re.IGNORECASE,
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_tokens(text: str) -> frozenset[str]:
    return frozenset(_stem(t) for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP)


def _phrase_skills(text: str, known: set[str]) -> list[str]:
    """Free-text skills from "experience with X" style phrases that the vocabulary misses."""
    found: list[str] = []
    for trigger in _TRIGGER_RE.finditer(text):
        rest = text[trigger.end() : trigger.end() + 80]
        end = _PHRASE_END_RE.search(rest)
        phrase = rest[: end.start()] if end else rest
        words = [w for w in phrase.split() if w][:5]
        while words and words[0].lower() in _STOP | _GENERIC:
            words.pop(0)
        while words and words[-1].lower() in _STOP | _GENERIC:
            words.pop()
        candidate = " ".join(words).strip(" -/")
        if not candidate or any(ch.isdigit() for ch in candidate[:1]):
            continue
        if find_skills(candidate):
            continue  # the vocabulary already names it, better
        meaningful = [w for w in words if w.lower() not in _GENERIC and len(w) > 2]
        if not meaningful or candidate.lower() in known:
            continue
        known.add(candidate.lower())
        # Sentence case is lowered ("Healthcare providers"), names such as "B2B SaaS" are kept.
        found.append(" ".join(w.lower() if re.fullmatch(r"[A-Z][a-z]+", w) else w for w in words))
    return found


def mentions_skill(text: str, skill: str, vocab_hits: tuple[str, ...] | None = None) -> bool:
    """Whether the text shows the skill: a vocabulary alias, or each content word of a phrase."""
    if skill in SKILLS:
        return skill in (vocab_hits if vocab_hits is not None else find_skills(text))
    needed = content_tokens(skill)
    return bool(needed) and needed <= content_tokens(text)


# ---------------------------------------------------------------------------
# Dates, titles, numbers, verbs
# ---------------------------------------------------------------------------
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s*\d{{4}}|\d{{1,2}}[/.]\d{{4}}|(?:19|20)\d{{2}})"
_DATE_END = rf"(?:{_DATE}|present|current|now|today|ongoing)"
_RANGE_RE = re.compile(
    rf"(?:exp\.\s*)?{_DATE}\s*(?:-|to|until)\s*(?:exp\.\s*)?{_DATE_END}\b\.?", re.IGNORECASE
)
_LOOSE_DATE_RE = re.compile(rf"\(?\s*(?:{_DATE}|present)\s*,?\)?", re.IGNORECASE)

_TITLE_WORDS = frozenset(
    "engineer developer programmer architect manager lead head director analyst scientist "
    "designer consultant specialist coordinator intern founder co-founder cofounder officer "
    "administrator associate representative executive marketer strategist sre vp president "
    "researcher owner advisor trainee accountant recruiter partner writer editor technician agent "
    "assistant principal staff cto ceo cfo coo member controller planner buyer teacher instructor "
    "tester devops programme program".split()
)
# The part of a compound title worth naming ("Founding Member & Site Reliability Engineer").
_CORE_TITLE_WORDS = frozenset(
    "engineer developer programmer architect analyst scientist designer manager director marketer "
    "consultant specialist researcher accountant recruiter strategist writer head sre".split()
)
_DEGREE_RE = re.compile(
    r"\b(?:b\.?s\.?c?|m\.?s\.?c?|b\.?a|m\.?a|ph\.?d|bachelor|master|mba|degree|diploma)\b", re.I
)

_NUMBER_RE = re.compile(
    r"[$€£]\s?\d[\d,.]*\s?(?:k|m|bn|million|billion)?"
    r"|\b\d[\d,.]*\s?(?:%|percent|x\b|k\b|m\b|bn\b|ms\b|million|billion|thousand)"
    r"|\b\d+[\d,.]*\+?",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
_MULTIPLIER_RE = re.compile(
    r"\b(?:doubled|tripled|quadrupled|halved|twice as|ten times|10x)\b", re.IGNORECASE
)

# Past-tense verbs that open a strong CV bullet or an answer's key sentence.
_IRREGULAR_PAST = frozenset(
    "built led ran wrote cut grew drove made won took set began spoke taught brought sold bought "
    "held kept found gave shipped rebuilt rewrote split oversaw undertook overhauled spun "
    "stood".split()
)
_WEAK_VERBS = frozenset(
    "did had was were got used seemed wanted liked needed tried guess guessed think thought felt "
    "started helped worked".split()
)


def is_past_verb(word: str) -> bool:
    w = word.lower()
    if w in _WEAK_VERBS:
        return False
    return w in _IRREGULAR_PAST or (len(w) > 4 and w.endswith("ed"))


def measurable_tokens(text: str) -> tuple[str, ...]:
    """Numbers that can carry a result: not years, not list numbering."""
    found: list[str] = []
    for match in _NUMBER_RE.finditer(text):
        token = match.group(0).strip().rstrip(".,")
        digits = re.sub(r"[^\d]", "", token)
        if not digits or (_YEAR_RE.match(token)):
            continue
        found.append(token)
    found.extend(m.group(0).lower() for m in _MULTIPLIER_RE.finditer(text))
    return tuple(dict.fromkeys(found))


# ---------------------------------------------------------------------------
# Job description
# ---------------------------------------------------------------------------
_HeadingTable = tuple[tuple[str, tuple[str, ...]], ...]


def _heading_table(text: str) -> _HeadingTable:
    """ "kind: name | name" lines (indented lines continue) -> ((kind, (name, ...)), ...)."""
    rows: list[tuple[str, list[str]]] = []
    for raw in text.strip().splitlines():
        if raw[:1].isspace() and rows:
            rows[-1][1].extend(n.strip() for n in raw.split("|") if n.strip())
        else:
            kind, _, names = raw.partition(":")
            rows.append((kind.strip(), [n.strip() for n in names.split("|") if n.strip()]))
    return tuple((kind, tuple(names)) for kind, names in rows)


_JD_HEADINGS = _heading_table(
    """
nice: nice to have | nice-to-have | bonus | preferred | pluses | a plus | desirable |
    extra credit | good to have
benefits: what we offer | benefits | perks | compensation | salary | we offer |
    why you'll love | how to apply | equal opportunity | what's in it for you
requirements: requirements | qualifications | what we're looking for |
    what we are looking for | about you | who you are | you have | you bring | must have |
    must-have | what you'll need | what you need | what you bring | required | key skills |
    skills | essential | your profile | ideal candidate | you might be a fit | you are
responsibilities: what you'll do | what you will do | responsibilities | the role | your role |
    about the role | what you'll be doing | your impact | in this role | day to day |
    day-to-day | duties | your mission | what you'll work on | you will | you'll | the job |
    key tasks | what you will own | the opportunity
about: about | who we are | our mission | why join | why us | the team | company | our story
"""
)
_SECTION_WEIGHT = {
    "title": 3.0,
    "requirements": 2.0,
    "responsibilities": 1.6,
    "other": 1.0,
    "nice": 0.6,
    "about": 0.4,
    "benefits": 0.2,
}


def _heading_kind(text: str, table: _HeadingTable, prefix: bool) -> str | None:
    """JD headings often continue ("About Northwind Labs"); CV headings must match whole,
    or an employer such as "Community Health Partners" would open a section."""
    key = _SPACES_RE.sub(" ", re.sub(r"[^a-z' -]", " ", text.lower())).strip()
    if not key or len(key.split()) > 8:
        return None
    first = re.split(r"\s+(?:and)\s+", key)[0]
    for kind, names in table:
        for name in names:
            if key == name or first == name or (prefix and key.startswith(name + " ")):
                return kind
    return None


def _as_heading(line: Line, table: _HeadingTable, prefix: bool = True) -> str | None:
    """The section a line opens, if it is a heading; "other" for an unknown heading."""
    if line.bullet:
        return None
    text = line.text.rstrip(":").strip()
    kind = _heading_kind(text.replace("&", " and "), table, prefix)
    looks_like_heading = (
        line.heading_level > 0
        or line.text.endswith(":")
        or (
            len(text.split()) <= 6
            and not text.endswith((".", ","))
            and (kind is not None or text.isupper())
        )
    )
    if not looks_like_heading:
        return None
    if kind is None and line.heading_level in (1, 2):
        return "other"
    return kind


@dataclass(frozen=True, slots=True)
class JobProfile:
    title: str
    company: str
    skills: tuple[str, ...]  # most important first
    weights: tuple[tuple[str, float], ...]
    responsibilities: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    # How many lines of the title, requirements and responsibilities name each skill.
    mentions: tuple[tuple[str, int], ...] = ()

    def weight(self, skill: str) -> float:
        return dict(self.weights).get(skill, 0.0)

    def stresses(self, skill: str) -> bool:
        """Whether the JD insists on a skill: in the title, or named in two or more lines of
        its requirements and responsibilities (one "clear communication" line is not enough)."""
        weight = self.weight(skill)
        return weight >= _SECTION_WEIGHT["title"] or (
            dict(self.mentions).get(skill, 0) >= 2 and weight >= _SECTION_WEIGHT["responsibilities"]
        )

    @property
    def key_skills(self) -> tuple[str, ...]:
        """The skills worth reporting on, most important first: named hard skills in JD order,
        then soft or generic ones the JD stresses. Vague free-text phrases are left out."""
        hard: list[str] = []
        stressed: list[str] = []
        for skill in self.skills:
            if is_vague_phrase(skill) or self.weight(skill) < _SECTION_WEIGHT["nice"]:
                continue  # "backend services"; "payments" only in the company blurb
            if not is_generic(skill):
                hard.append(skill)
            elif self.stresses(skill):
                (hard if self.weight(skill) >= _SECTION_WEIGHT["title"] else stressed).append(skill)
        return tuple(hard + stressed)

    @property
    def phrase_skills(self) -> tuple[str, ...]:
        return tuple(s for s in self.skills if s not in SKILLS)

    def skills_in(self, text: str) -> tuple[str, ...]:
        """This JD's skills that the text shows, in JD order."""
        hits = find_skills(text)
        return tuple(s for s in self.skills if mentions_skill(text, s, hits))


_REQ_START_RE = re.compile(
    r"^(?:\d+\+?\s*years|experience|proficien|knowledge|familiar|understanding|strong|solid|deep|"
    r"excellent|proven|demonstrated|bachelor|degree|ability|you have|comfortable|fluent|track "
    r"record)",
    re.IGNORECASE,
)


def _guess_title(lines: list[Line]) -> str:
    for line in lines[:5]:
        if not line.bullet and 1 <= len(line.text.split()) <= 12:
            return re.split(r"\s+(?:-|\||at|@)\s+", line.text)[0].strip()
    return ""


@lru_cache(maxsize=64)
def analyse_jd(jd_text: str, title: str = "", company: str = "") -> JobProfile:
    lines = split_lines(jd_text)
    sections: dict[str, list[str]] = {k: [] for k in _SECTION_WEIGHT}
    weights: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    known_phrases: set[str] = set()
    mentions: dict[str, int] = {}
    current = "other"

    best_section: dict[str, float] = {}

    def base_cap(name: str, base: float) -> float:
        # Repeats can lift a skill at most half a step above its strongest section.
        best_section[name] = max(best_section.get(name, 0.0), base)
        return best_section[name] + 0.5

    def credit(text: str, section: str) -> None:
        names = list(find_skills(text)) + _phrase_skills(text, known_phrases)
        if section in ("title", "requirements", "responsibilities"):
            for name in dict.fromkeys(names):
                mentions[name] = mentions.get(name, 0) + 1
        for name in names:
            first_seen.setdefault(name, len(first_seen))
            base = _SECTION_WEIGHT[section]
            # The strongest section counts fully, repeats add a little: a skill named
            # in the title and twice in requirements outranks one named once.
            repeat = 0.15 if name in weights else 0.0
            weights[name] = min(max(weights.get(name, 0.0), base) + repeat, base_cap(name, base))

    title = title.strip() or _guess_title(lines)
    credit(title, "title")
    for line in lines:
        heading = _as_heading(line, _JD_HEADINGS)
        if heading is not None:
            current = heading
            continue
        section = current
        if current == "other" and line.bullet:
            section = "requirements" if _REQ_START_RE.match(line.text) else "responsibilities"
        credit(line.text, section)
        if section in ("requirements", "responsibilities", "nice") and len(line.text.split()) >= 3:
            sections[section].append(line.text)
    # A JD with no bullets at all: use its sentences as responsibilities.
    if not sections["responsibilities"] and not sections["requirements"]:
        sentences = re.split(r"(?<=[.!])\s+", " ".join(line.text for line in lines))
        sections["responsibilities"] = [s for s in sentences if 5 <= len(s.split()) <= 40][:8]
    ranked = sorted(weights, key=lambda s: (-weights[s], first_seen[s]))
    return JobProfile(
        title=title,
        company=company.strip(),
        skills=tuple(ranked),
        weights=tuple((s, weights[s]) for s in ranked),
        responsibilities=tuple(sections["responsibilities"]),
        requirements=tuple(sections["requirements"]),
        nice_to_have=tuple(sections["nice"]),
        mentions=tuple((s, mentions[s]) for s in ranked if s in mentions),
    )


# ---------------------------------------------------------------------------
# CV
# ---------------------------------------------------------------------------
_CV_HEADINGS = _heading_table(
    """
experience: work experience | professional experience | experience | employment |
    employment history | work history | career history | career | relevant experience |
    positions held
projects: projects | selected projects | side projects | personal projects | key projects |
    open source | open-source | portfolio | key achievements | achievements | accomplishments |
    selected work
skills: skills | technical skills | core skills | key skills | competencies |
    core competencies | technologies | tech stack | tools | expertise | toolbox
summary: summary | profile | about me | about | objective | professional summary |
    personal statement
education: education | academic background | certifications | certificates | courses |
    training | honors | honours | awards | honors & awards | publications | community |
    volunteering | volunteer | extracurricular | extracurricular activity |
    extracurricular activities | activities | leadership and activities | interests | hobbies |
    references | languages | qualifications
"""
)
_CORP_SUFFIX_RE = re.compile(
    r"[\s,]+(?:inc|corp|corporation|co|ltd|llc|gmbh|plc|s\.?a|ag|pty|limited|company)\.?,?$",
    re.IGNORECASE,
)
_CITY_PREFIXES = frozenset(
    "san los las new hong tel sao são kuala buenos mexico rio santa cape abu ho saint st. salt "
    "el".split()
)
_SPLIT_ROLE_RE = re.compile(r"\s+(?:-|\||·|@|at)\s+|\s*\|\s*|,\s+")


@dataclass(frozen=True, slots=True)
class CvRole:
    title: str  # as written
    short_title: str  # the part worth naming in a question
    employer: str  # cleaned: no location, no "Inc."
    dates: str
    order: int  # position in the CV; 0 is usually the most recent


@dataclass(frozen=True, slots=True)
class Achievement:
    text: str
    role: CvRole | None
    project: str  # a project's name when it came from a Projects section
    has_number: bool
    strong_verb: bool

    @property
    def where(self) -> str:
        if self.role and self.role.employer:
            return self.role.employer
        return self.project


@dataclass(frozen=True, slots=True)
class CvProfile:
    roles: tuple[CvRole, ...]
    achievements: tuple[Achievement, ...]
    skills: tuple[str, ...]  # vocabulary skills anywhere in the CV
    skills_section: str  # the raw text of a Skills section, if any
    text: str  # cleaned full text, for phrase-skill lookups


def _title_like(text: str) -> bool:
    words = {w.strip(",.()&").lower() for w in text.split()}
    return bool(words & _TITLE_WORDS)


def short_title(title: str) -> str:
    title = re.sub(r"\([^)]*\)|<[^>]*>", "", title)
    title = re.split(r"\s+(?:at|for|in|@|-|\|)\s+|,", title)[0]
    parts = [p.strip() for p in re.split(r"\s+&\s+|\s+/\s+", title) if p.strip()]
    for part in parts:
        if {w.lower() for w in part.split()} & _CORE_TITLE_WORDS:
            return clip_phrase(part, 6)
    return clip_phrase(parts[0] if parts else title, 6)


_COUNTRIES = frozenset(
    "usa us uk korea germany france spain portugal italy netherlands ireland canada india china "
    "japan singapore australia brazil mexico poland sweden norway denmark finland switzerland "
    "austria belgium israel england scotland wales remote estonia romania ukraine greece turkey "
    "nigeria kenya egypt argentina chile colombia vietnam thailand indonesia philippines malaysia "
    "taiwan uae".split()
)


def _country_like(segment: str) -> bool:
    for word in segment.replace("&", " ").split():
        bare = word.strip(".,()")
        if (
            bare.lower() in _COUNTRIES
            or re.fullmatch(r"[A-Z]{2}", bare)
            or re.search(r"\w\.\w", bare)
        ):
            return True
    return False


def _location_like(segment: str) -> bool:
    words = segment.replace("&", " ").split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


def clean_employer(text: str) -> str:
    """ "Dunamu Inc. Seoul, S.Korea" -> "Dunamu"; "Harbourline Travel, Leeds" -> itself."""
    text = re.sub(r"\([^)]*\)?", " ", _RANGE_RE.sub("", text))
    text = re.sub(r"\b(Co|Inc|Corp)\.,", r"\1.", text)  # "Omnious. Co., Ltd." is one name
    segments = [s.strip() for s in text.split(",") if s.strip()]
    popped: list[str] = []
    while len(segments) > 1 and _location_like(segments[-1]):
        popped.append(segments.pop())
    if popped and all(_country_like(p) for p in popped):
        # PDF layout: the city sits right after the employer with no comma between.
        words = segments[-1].split()
        if len(words) > 1 and words[-1][:1].isupper():
            cut = (
                len(words) - 2
                if len(words) > 2 and words[-2].lower() in _CITY_PREFIXES
                else len(words) - 1
            )
            segments[-1] = " ".join(words[:cut])
    words = ", ".join(segments).split()
    if len(words) > 1 and _country_like(words[-1]):
        words.pop()  # "SAMSUNG Electronics S.Korea"
    text = re.sub(r"\s+(?:Remote|Hybrid|On-?site)$", "", " ".join(words), flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous = text
        text = _CORP_SUFFIX_RE.sub("", text).strip(" ,.-|")
    return clip_phrase(text, 6)


def _split_title_employer(rest: str) -> tuple[str, str]:
    parts = [p.strip(" -|,()") for p in _SPLIT_ROLE_RE.split(rest) if p and p.strip(" -|,()")]
    if len(parts) < 2:
        return rest.strip(" -|,()"), ""
    title_index = next((i for i, p in enumerate(parts) if _title_like(p)), 0)
    others = [p for i, p in enumerate(parts) if i != title_index]
    return parts[title_index], others[0] if others else ""


class _CvParser:
    """Walks CV lines once, keeping track of section, employer and current role."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.has_experience_heading = any(
            _as_heading(line, _CV_HEADINGS, prefix=False) == "experience" for line in lines
        )
        self.roles: list[CvRole] = []
        self.items: list[tuple[str, CvRole | None, str]] = []  # (text, role, project)
        self.skills_lines: list[str] = []
        self.section = "other" if self.has_experience_heading else "experience"
        self.pending: str = ""  # a line that may be the next role's employer
        self.role: CvRole | None = None

    def parse(self) -> None:
        previous_item = after_bullet = False
        for line in self.lines:
            heading = _as_heading(line, _CV_HEADINGS, prefix=False)
            if heading is not None and heading != "other":
                self.section, self.pending, self.role = heading, "", None
                previous_item = False
                continue
            if previous_item and self._continues(line, after_bullet):
                text, role, project = self.items[-1]
                self.items[-1] = (f"{text} {line.text}", role, project)
                continue
            previous_item = self._handle(line)
            after_bullet = line.bullet

    def _continues(self, line: Line, after_bullet: bool) -> bool:
        """A wrapped line: PDF text breaks long bullets into several lines."""
        if line.bullet or line.heading_level or line.blank_before or _RANGE_RE.search(line.text):
            return False
        previous = self.items[-1][0] if self.items else ""
        if not previous:
            return False
        if line.text[:1].islower() or not previous.rstrip().endswith(
            (".", "!", "?", ";", ":", ")")
        ):
            return True
        # "Managed all Kubernetes manifests ... ArgoCD." is another sentence of the same bullet,
        # unlike a short, period-less employer line such as "Kasa Seoul, S.Korea". Sentences
        # after a paragraph-style achievement are achievements of their own.
        return after_bullet and line.text.endswith(".") and len(line.text.split()) >= 5

    def _handle(self, line: Line) -> bool:
        """Route one line; True when it became an achievement (so wrapped lines may follow)."""
        if self.section == "skills":
            self.skills_lines.append(line.text)
            return False
        if self.section == "projects":
            return self._project(line)
        if self.section != "experience":
            return False
        if line.bullet:
            if len(line.text.split()) >= 3:
                self.items.append((line.text, self.role, ""))
                return True
            return False
        return self._role_or_employer(line)

    def _project(self, line: Line) -> bool:
        if len(line.text.split()) < 5:
            self.pending = line.text  # a project's title line; its description follows
            return False
        head = re.match(r"^(.{2,60}?)(?:\s[-:]\s|:\s)", line.text)
        project = clip_phrase(head.group(1) if head else self.pending, 6)
        self.items.append((line.text, None, project))
        return True

    def _role_or_employer(self, line: Line) -> bool:
        """A role line, an employer line, or a paragraph-style achievement; True for the latter."""
        dates = _RANGE_RE.search(line.text)
        if not dates:
            words = len(line.text.split())
            if self.role is not None and words >= 5 and line.text.endswith((".", "!")):
                self.items.append((line.text, self.role, ""))  # achievements written as sentences
                return True
            if _DEGREE_RE.search(line.text) or words > 10 or line.text.endswith("."):
                return False
            if self.role is not None and self.role.employer == "" and self.items_since_role() == 0:
                self.role = self._replace_role(self.role, employer=clean_employer(line.text))
                return False
            self.pending = line.text
            return False
        if _DEGREE_RE.search(line.text):
            return False
        rest = _LOOSE_DATE_RE.sub(" ", _RANGE_RE.sub(" ", line.text))
        rest = _SPACES_RE.sub(" ", rest).strip(" -|,()·*_")
        if not rest and self.pending:
            title, employer = _split_title_employer(self.pending)
            if not _title_like(title) and _title_like(employer):
                title, employer = employer, title
        elif self.pending and (
            # "DevOps Engineer" under "Dunamu Inc.", or "Game Developer Intern at X" under "NEXON".
            not _SPLIT_ROLE_RE.search(rest.replace(", ", " "))
            or (_title_like(rest) and not _title_like(self.pending))
        ):
            title, employer = rest, self.pending
        else:
            title, employer = _split_title_employer(rest)
        if not title:
            return False
        role = CvRole(
            title=clip_phrase(title, 14),
            short_title=short_title(title),
            employer=clean_employer(employer) if employer else "",
            dates=clip_phrase(dates.group(0), 8),
            order=len(self.roles),
        )
        self.roles.append(role)
        self.role = role
        self.pending = ""
        return False

    def items_since_role(self) -> int:
        return sum(1 for _, role, _ in self.items if role is self.role)

    def _replace_role(self, role: CvRole, employer: str) -> CvRole:
        updated = CvRole(role.title, role.short_title, employer, role.dates, role.order)
        self.roles[role.order] = updated
        return updated


@lru_cache(maxsize=64)
def analyse_cv(cv_text: str) -> CvProfile:
    lines = split_lines(cv_text)
    parser = _CvParser(lines)
    parser.parse()
    # Roles were finalised (employer filled in) after their bullets were attached.
    by_order = {r.order: r for r in parser.roles}
    achievements = []
    for text, role, project in parser.items:
        first = text.split()[0] if text.split() else ""
        achievements.append(
            Achievement(
                text=text,
                role=by_order.get(role.order) if role else None,
                project=project,
                has_number=bool(measurable_tokens(text)),
                strong_verb=is_past_verb(first.strip(",.")),
            )
        )
    full = "\n".join(line.text for line in lines)
    return CvProfile(
        roles=tuple(parser.roles),
        achievements=tuple(a for a in achievements if len(a.text.split()) >= 5),
        skills=find_skills(full),
        skills_section="\n".join(parser.skills_lines),
        text=full,
    )


# ---------------------------------------------------------------------------
# CV x JD
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    job: JobProfile
    cv: CvProfile
    roles: tuple[CvRole, ...]  # most relevant first
    achievements: tuple[Achievement, ...]  # most relevant first
    shared: tuple[str, ...]  # JD skills the CV shows, JD order
    gaps: tuple[str, ...]  # JD skills the CV does not show, JD order
    evidence: tuple[tuple[str, str], ...] = field(default=())  # skill -> where ("Dunamu", "skills")

    def where(self, skill: str) -> str | None:
        return dict(self.evidence).get(skill)

    def skills_in(self, text: str) -> tuple[str, ...]:
        """JD skills in a question or answer, ignoring employer names ("Brightwave Payments")."""
        for name in self.employers:
            text = text.replace(name, " ")
        return self.job.skills_in(text)

    @property
    def employers(self) -> tuple[str, ...]:
        return tuple(
            sorted({r.employer for r in self.cv.roles if r.employer}, key=len, reverse=True)
        )


def _achievement_value(item: Achievement, job: JobProfile) -> float:
    """JD skills it shows, plus what makes it a good story: numbers, a strong verb, recency."""
    skills = job.skills_in(item.text)
    value = sum(job.weight(s) for s in skills)
    value += 1.0 * min(3, len(measurable_tokens(item.text)))
    value += 1.0 if item.strong_verb else 0.0
    value += 0.5 if len(item.text.split()) >= 10 else 0.0
    if item.role is not None:
        value += max(0.0, 1.0 - 0.3 * item.role.order)
    return value


def _role_value(role: CvRole, items: list[Achievement], job: JobProfile) -> float:
    text = " ".join([role.title] + [a.text for a in items])
    value = sum(job.weight(s) for s in job.skills_in(text))
    title_overlap = content_tokens(role.title) & content_tokens(job.title)
    value += 1.5 * len(title_overlap)
    value += max(0.0, 2.0 - 0.5 * role.order)  # recent roles matter more
    return value


@lru_cache(maxsize=64)
def match_cv_to_jd(cv_text: str, jd_text: str, title: str = "", company: str = "") -> Match:
    job = analyse_jd(jd_text, title, company)
    cv = analyse_cv(cv_text)
    ranked_items = sorted(cv.achievements, key=lambda a: -_achievement_value(a, job))
    items_by_role: dict[int, list[Achievement]] = {}
    for item in cv.achievements:
        if item.role is not None:
            items_by_role.setdefault(item.role.order, []).append(item)
    ranked_roles = sorted(
        cv.roles, key=lambda r: (-_role_value(r, items_by_role.get(r.order, []), job), r.order)
    )

    cv_hits = cv.skills
    shared = tuple(s for s in job.skills if mentions_skill(cv.text, s, cv_hits))
    gaps = tuple(s for s in job.skills if s not in shared)
    evidence: list[tuple[str, str]] = []
    for skill in shared:
        holder = next((a for a in ranked_items if a.where and mentions_skill(a.text, skill)), None)
        evidence.append((skill, holder.where if holder else "skills"))
    return Match(job, cv, tuple(ranked_roles), tuple(ranked_items), shared, gaps, tuple(evidence))


# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------
# "I guess" / "I think" are hedges, not ownership, so they do not count as "I".
_I_RE = re.compile(
    r"(?<![\w'])(?:i(?!\s+(?:guess|think|mean|suppose|dunno|don't "
    r"know))|i'm|i've|i'd|i'll|me|my|myself|mine)(?![\w'])",
    re.IGNORECASE,
)
_WE_RE = re.compile(
    r"(?<![\w'])(?:we|we're|we've|we'd|we'll|our|ours|us|ourselves)(?![\w'])", re.IGNORECASE
)
_HEDGES = tuple(
    "maybe|i guess|kind of|sort of|kinda|sorta|probably|perhaps|i suppose|not sure|i don't know|"
    "i dunno|somewhat|stuff|um|umm|uh|erm|basically|you know|literally".split("|")
)
_HEDGE_RE = re.compile(
    r"(?<![\w'])(?:" + "|".join(re.escape(h) for h in _HEDGES) + r")(?![\w'])", re.IGNORECASE
)
# "like" is only filler between commas or before a pause, not in "tools like Terraform".
_LIKE_FILLER_RE = re.compile(
    r"(?:^|[,.]\s*|\bwas\s+)like(?=\s*,|\s+um\b|\s+uh\b)|,\s*like\s*,", re.IGNORECASE
)

_SITUATION_RE = re.compile(
    r"\b(?:when|while|at the time|back in|in (?:19|20)\d\d|last (?:year|quarter|month)|the "
    r"situation|"
    r"context|background|at my (?:last|previous)|previously|we were|there was|our "
    r"(?:team|company|product|service|system|platform)|"
    r"i joined|was facing|faced)\b",
    re.IGNORECASE,
)
_TASK_RE = re.compile(
    r"\b(?:my (?:task|job|goal|role|responsibility|aim)|i was "
    r"(?:asked|responsible|tasked|hired|brought in)|"
    r"i needed to|i had to|needed to|the goal|goal was|aim was|objective|challenge was|problem was|"
    r"had to|was to|in charge of|i owned|my mandate)\b",
    re.IGNORECASE,
)
_ACTION_RE = re.compile(
    r"\bi (?:\w+ly )?(?:\w{3,}ed|built|led|ran|wrote|cut|made|set "
    r"up|drove|took|split|rebuilt|rewrote|"
    r"shipped|sat down|got|put|gave|brought|would|will|'d)\b|\b(?:so|then|first|next),? i\b",
    re.IGNORECASE,
)
_RESULT_RE = re.compile(
    r"\b(?:as a result|result(?:ed|s)? in|the result|outcome|in the end|ended up|which "
    r"(?:cut|reduced|increased|improved|saved|led)|"
    r"reduc(?:ed|ing)|increas(?:ed|ing)|improv(?:ed|ing)|sav(?:ed|ing)|cut|grew|doubled|halved|tripled|dropped|fell|rose|"
    r"went (?:from|down|up)|down from|up from|lifted|raised|impact|led to|so "
    r"that|success|learned|learnt)\b",
    re.IGNORECASE,
)
_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]*")
_PRONOUN_FLIP = {
    "our": "your",
    "my": "your",
    "me": "you",
    "us": "you",
    "myself": "yourself",
    "ours": "yours",
    "i": "you",
    "we": "your team",
}
# One clause at a time ("I profiled it, I moved the hot path to Redis" has two).
_KEY_SENTENCE_RE = re.compile(r"\b(i|we)\s+(?:\w+ly\s+)?([a-z]+)\s+([^.;:!?,]+)", re.IGNORECASE)
_PHRASE_STOP_RE = re.compile(
    r",|\s(?:which|because|so|and then|but|while|when|after|before|since|until|and "
    r"(?:i|we|then))\b",
    re.IGNORECASE,
)


# "At Brightwave, ..." sets the scene too; case matters, so it is a separate pattern.
_AT_EMPLOYER_RE = re.compile(
    r"\b(?:At|at|in my (?:role|time|job)) (?:[A-Z][\w&.-]+|my (?:last|previous|current))"
)


# An answer is too brief under BRIEF_WORDS in fewer than two sentences, or under TERSE_WORDS
# whatever its sentences. The scoring and the interviewer's probes share this one rule.
BRIEF_WORDS = 20
TERSE_WORDS = 12


def is_brief(words: int, sentences: int) -> bool:
    return words < TERSE_WORDS or (sentences < 2 and words < BRIEF_WORDS)


@dataclass(frozen=True, slots=True)
class AnswerSignals:
    words: int
    sentences: int
    i_count: int
    we_count: int
    numbers: tuple[str, ...]
    situation: bool
    task: bool
    action: bool
    result: bool
    hedges: tuple[str, ...]  # hedges and fillers, in order, repeats kept
    skills: tuple[str, ...]  # vocabulary skills named
    highlight: str  # "you migrated your deploys to ArgoCD", or ""

    @property
    def star_parts(self) -> int:
        return sum((self.situation, self.task, self.action, self.result))

    @property
    def measurable(self) -> bool:
        return bool(self.numbers)

    @property
    def we_heavy(self) -> bool:
        return self.we_count >= 3 and self.i_count * 2 <= self.we_count

    @property
    def short(self) -> bool:
        """Too brief to judge: a few words, or one short sentence. Two sentences of ~20 words
        are fine; the product asks candidates for 2-4 sentences."""
        return is_brief(self.words, self.sentences)

    @property
    def rambling(self) -> bool:
        return self.words > 350


def _highlight(text: str) -> str:
    """The answer's key action, turned to the second person for an acknowledgement."""
    candidates: list[tuple[int, str]] = []
    for match in _KEY_SENTENCE_RE.finditer(text):
        subject, verb, rest = match.group(1).lower(), match.group(2), match.group(3)
        if not is_past_verb(verb):
            continue
        stop = _PHRASE_STOP_RE.search(rest)
        rest = rest[: stop.start()] if stop else rest
        words = rest.split()[:9]
        if [w.lower() for w in words[-3:]] == ["as", "a", "team"]:
            words = words[:-3]  # "your team looked at it as a team" says "team" twice
        while words and words[-1].lower() in _STOP | {"i", "we", "then", "so", "together"}:
            words.pop()  # a cut can leave "... to a Redis cache and"
        if len(words) < 2:
            continue
        flipped = [_PRONOUN_FLIP.get(w.lower(), w) if w.lower() != "i" else "you" for w in words]
        phrase = clip_phrase(f"{_PRONOUN_FLIP[subject]} {verb.lower()} {' '.join(flipped)}", 12)
        if not is_quotable(phrase):
            continue
        # Prefer a sentence that carries a skill or a number: it is what the candidate is proud of.
        rank = (
            (2 if find_skills(rest) else 0)
            + (1 if measurable_tokens(rest) else 0)
            + (1 if subject == "i" else 0)
        )
        candidates.append((rank, phrase))
    if not candidates:
        return ""
    best = max(candidates, key=lambda c: c[0])
    return best[1]


@lru_cache(maxsize=512)
def analyse_answer(text: str) -> AnswerSignals:
    text = clean_text(text).strip()
    words = len(text.split())
    sentences = len([s for s in _SENTENCE_RE.findall(text) if len(s.split()) >= 2])
    hedges = [m.group(0).lower() for m in _HEDGE_RE.finditer(text)]
    hedges += ["like"] * len(_LIKE_FILLER_RE.findall(text))
    return AnswerSignals(
        words=words,
        sentences=sentences,
        i_count=len(_I_RE.findall(text)),
        we_count=len(_WE_RE.findall(text)),
        numbers=measurable_tokens(text),
        situation=bool(_SITUATION_RE.search(text) or _AT_EMPLOYER_RE.search(text)),
        task=bool(_TASK_RE.search(text)),
        action=bool(_ACTION_RE.search(text)),
        result=bool(_RESULT_RE.search(text)) or bool(measurable_tokens(text)),
        hedges=tuple(hedges),
        skills=find_skills(text),
        highlight=_highlight(text) if words >= 5 else "",
    )
