"""The store-manager pair a user review was run on (an assistant supermarket manager for a
garden-centre Store Manager job), shared by the offline tests that reproduce its findings.
Written for this project."""

CV = """# Priya Sharma
Assistant Store Manager — FreshMart Supermarkets, Leeds (2020–present)
- Run a 40-person team across three shifts; weekly rota planning
- Cut stock shrinkage from 2.1% to 1.3% in 12 months by introducing daily gap checks and cycle counts
- Lead the weekly stock control and ordering for chilled and ambient, £180k weekly turnover
- Trained 12 new starters; 9 still with the store after a year

Supervisor — Boots, Bradford (2017–2020)
- Cash office, till reconciliation, visual merchandising
- Handled customer complaints and refunds

Skills: stock control, rota planning, EPOS, visual merchandising, Excel, health and safety, cash handling
"""
JD = """# Store Manager — Northgate Home & Garden, York

Northgate is looking for a Store Manager to run our York store (turnover £6m a year, 35 staff).

Responsibilities:
- Lead, coach and develop the store team; recruitment and performance management
- Own store P&L, budgets and labour costs
- Stock control, replenishment and shrinkage reduction
- Deliver excellent customer service and handle escalated complaints
- Ensure health and safety compliance and store standards
- Plan seasonal ranges and visual merchandising

Requirements:
- 3+ years managing or deputy-managing a retail store
- Strong commercial awareness and P&L experience
- Experience with EPOS and stock management systems
"""
TITLE, COMPANY = "Store Manager", "Northgate Home & Garden"
